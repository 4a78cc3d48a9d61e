namespace Rein.Core.Configuration;

/// <summary>An issuer whose tokens Rein accepts as workload or user credentials (yaml <c>trust[]</c>).</summary>
public sealed record TrustConfig
{
    /// <summary>
    /// The issuer (yaml <c>issuer</c>), unique among trust entries: an https URL (http only for loopback hosts), or for
    /// <c>kind: spiffe</c> also a SPIFFE trust domain such as <c>spiffe://example.org</c>.
    /// </summary>
    public required string Issuer { get; init; }

    /// <summary>The issuer's public keys as canonical JSON text (yaml <c>jwks</c>); exclusive with <see cref="JwksUri"/>.</summary>
    public string? JwksJson { get; init; }

    /// <summary>
    /// Where to fetch the issuer's keys (yaml <c>jwks_uri</c>): an absolute https URL (http only for loopback hosts);
    /// exclusive with <see cref="JwksJson"/>.
    /// </summary>
    public string? JwksUri { get; init; }

    /// <summary>The <c>aud</c> Rein requires in tokens from this issuer (yaml <c>audience</c>).</summary>
    public string? Audience { get; init; }

    /// <summary>What the issuer's tokens identify (yaml <c>kind</c>): <c>workload</c> (default), <c>spiffe</c> or <c>user</c>.</summary>
    public string Kind { get; init; } = "workload";

    /// <summary>
    /// For <c>kind: user</c> only: the claim of the person's token that lists their groups (yaml <c>groups_claim</c>,
    /// e.g. <c>groups</c>), a JSON array of strings. The groups go into the access tokens issued for the person (RFC 9068
    /// <c>groups</c>) and make the person's <c>Rein::User</c> a member of <c>Rein::Group::"ISS|GROUP"</c>. Null: no groups.
    /// </summary>
    public string? GroupsClaim { get; init; }
}
