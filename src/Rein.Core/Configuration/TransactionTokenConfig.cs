namespace Rein.Core.Configuration;

/// <summary>
/// How Rein issues transaction tokens (yaml <c>transaction_tokens</c>, draft-ietf-oauth-transaction-tokens-08): the
/// trust domain they are valid in and how long they live.
/// </summary>
public sealed record TransactionTokenConfig
{
    /// <summary>The longest lifetime a transaction token may have: they are meant for one call chain, not a session.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The lifetime when none is configured.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The trust domain (yaml <c>trust_domain</c>): the <c>aud</c> of every transaction token, which upstream services
    /// require. An absolute URI without fragment (<c>https://rein.example.com</c>, <c>spiffe://example.org</c>) or a
    /// DNS name (<c>trust-domain.example</c>). <see langword="null"/> means the issuer.
    /// </summary>
    public string? TrustDomain { get; init; }

    /// <summary>How long a transaction token lives (yaml <c>lifetime</c>): 1 s to 5 minutes, default 60 s.</summary>
    public TimeSpan Lifetime { get; init; } = DefaultLifetime;

    /// <summary>The defaults: the issuer as trust domain, 60 s.</summary>
    public static TransactionTokenConfig Default { get; } = new();
}
