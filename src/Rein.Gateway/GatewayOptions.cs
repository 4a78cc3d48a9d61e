namespace Rein.Gateway;

/// <summary>Gateway behaviour that is not part of the registry.</summary>
public sealed record GatewayOptions
{
    /// <summary>
    /// How far behind the store the revocation index may be before calls to high and critical tools are refused
    /// (fail closed). Lower-risk tools keep being served from memory.
    /// </summary>
    public TimeSpan MaxRevocationStaleness { get; init; } = TimeSpan.FromSeconds(30);
}
