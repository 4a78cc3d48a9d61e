using Rein.Jose;

namespace Rein.Core.Registry;

/// <summary>An issuer whose JWTs Rein accepts as workload (or user) credentials, from <c>trust:</c>.</summary>
public sealed class TrustedIssuer
{
    public required string Issuer { get; init; }
    public string? Audience { get; init; }
    public required string Kind { get; init; }

    /// <summary>For a user issuer: the claim of its tokens that lists the person's groups (<c>groups_claim:</c>), or null.</summary>
    public string? GroupsClaim { get; init; }

    /// <summary>Inline keys, when the config gave <c>jwks:</c>.</summary>
    public JsonWebKeySet? InlineKeys { get; init; }

    /// <summary>Where to fetch keys, when the config gave <c>jwks_uri:</c>.</summary>
    public Uri? JwksUri { get; init; }

    /// <summary>The <c>kind</c> of an issuer whose tokens identify people (an organisation's IdP), never clients.</summary>
    public const string UserKind = "user";

    /// <summary>Whether the issuer's tokens identify people: they may be token exchange subject tokens, nothing else.</summary>
    public bool IsUserIssuer => Kind == UserKind;

    /// <summary>SPIFFE trust domains are named <c>spiffe://domain</c>; their SVIDs carry the SPIFFE ID in <c>sub</c>.</summary>
    public bool IsSpiffe => Kind == "spiffe";
}
