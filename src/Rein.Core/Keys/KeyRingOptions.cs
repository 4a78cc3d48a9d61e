namespace Rein.Core.Keys;

/// <summary>Timing of the signing key ring.</summary>
public sealed record KeyRingOptions
{
    /// <summary>How long a new key is published before it signs, so relying parties' JWKS caches see it first.</summary>
    public TimeSpan PublishLead { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a retired key stays published: the longest token lifetime plus clock skew.</summary>
    public TimeSpan RetiredRetention { get; init; } = TimeSpan.FromMinutes(16);

    /// <summary>How often the ring re-reads the store (other instances may have rotated).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The least time between store re-reads triggered by tokens naming an unknown <c>kid</c>.</summary>
    public TimeSpan UnknownKidRefreshInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether this instance signs tokens (the broker role). A verify-only instance reads public keys from the store
    /// and never needs the master key.
    /// </summary>
    public bool SignsTokens { get; init; } = true;

    /// <summary>Cache lifetime announced on the JWKS response.</summary>
    public TimeSpan JwksMaxAge { get; init; } = TimeSpan.FromMinutes(5);
}
