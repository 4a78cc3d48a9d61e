namespace Rein.Core.Delegation;

/// <summary>A grant's state at an instant.</summary>
public enum GrantStatus
{
    Active,
    NotYetValid,
    Expired,
    Revoked,
}
