namespace Rein.Core.Registry;

/// <summary>What a registered OAuth client is.</summary>
public enum ClientKind
{
    Agent,
    Admin,
}
