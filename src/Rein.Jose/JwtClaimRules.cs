namespace Rein.Jose;

/// <summary>What <see cref="JwtClaimValidator"/> requires of a claim set (RFC 7519 §4.1). Immutable.</summary>
public sealed class JwtClaimRules
{
    /// <summary>When set, <c>iss</c> must equal it exactly (ordinal).</summary>
    public string? Issuer { get; init; }

    /// <summary>When set, <c>aud</c> (a string or an array of strings) must contain at least one of these.</summary>
    public IReadOnlyList<string>? Audiences { get; init; }

    /// <summary>Whether <c>exp</c> must be present. Default true.</summary>
    public bool RequireExpiration { get; init; } = true;

    /// <summary>Tolerance for clock differences in <c>exp</c>, <c>nbf</c> and <c>iat</c>. Default 30 seconds; must not be negative.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When set, <c>exp</c> − now must not exceed it (plus <see cref="ClockSkew"/>, since the issuer's clock may run
    /// ahead), nor may <c>exp</c> − <c>iat</c> when <c>iat</c> is present; <c>exp</c> is then required.
    /// </summary>
    public TimeSpan? MaxLifetime { get; init; }

    /// <summary>Whether <c>iat</c> must be present.</summary>
    public bool RequireIssuedAt { get; init; }

    /// <summary>Whether a non-empty <c>jti</c> must be present.</summary>
    public bool RequireJwtId { get; init; }
}
