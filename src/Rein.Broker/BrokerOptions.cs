namespace Rein.Broker;

/// <summary>Broker behaviour that is not part of the registry.</summary>
public sealed record BrokerOptions
{
    /// <summary>Access token lifetime before the risk cap (DESIGN §3).</summary>
    public TimeSpan DefaultTokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether DPoP proofs at the token endpoint must carry a server nonce (RFC 9449 §8).</summary>
    public bool RequireDPoPNonce { get; init; } = true;

    /// <summary>How long a server nonce stays valid.</summary>
    public TimeSpan DPoPNonceLifetime { get; init; } = TimeSpan.FromMinutes(2);
}
