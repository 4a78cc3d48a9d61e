namespace Rein.Core.Revocation;

/// <summary>What a matching entry does to a token. Values are persisted: never renumber.</summary>
public enum RevocationEffect
{
    Deny = 0,
    StepUp = 1,
    ReadOnly = 2,
}
