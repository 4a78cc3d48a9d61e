namespace Rein.Core.Tokens;

/// <summary>The claims of a validated Rein access token that enforcement needs. Never holds the token text.</summary>
public sealed class AccessToken
{
    public required string Subject { get; init; }
    public required string ClientId { get; init; }
    public required string Audience { get; init; }
    public required string Scope { get; init; }
    public required string JwtId { get; init; }
    public string? SessionId { get; init; }
    public required long IssuedAt { get; init; }
    public required long ExpiresAt { get; init; }

    /// <summary>RFC 9449 <c>cnf.jkt</c>: the thumbprint of the key this token is bound to, or null for a bearer token.</summary>
    public string? ConfirmationThumbprint { get; init; }

    /// <summary>The raw <c>act</c> claim (delegation chain), when present, for introspection.</summary>
    public string? ActorJson { get; init; }

    /// <summary>
    /// The <c>sub</c> of each actor in the <c>act</c> chain (RFC 8693 §4.1), the current actor first and the first
    /// agent that acted for the user last. Empty for a token that is not delegated.
    /// </summary>
    public IReadOnlyList<string> Actors { get; init; } = [];

    /// <summary>
    /// For a token about a person (delegated, or impersonating them), the issuer of the user it is about, from its RFC 9493 <c>sub_id</c> claim
    /// (<c>{"format":"iss_sub","iss":…,"sub":…}</c>); the user's revocation key is <c>user:&lt;iss&gt;|&lt;sub&gt;</c>.
    /// </summary>
    public string? UserIssuer { get; init; }

    /// <summary>
    /// The id of the person's revocation subject, <c>ISS|SUB</c> from <c>sub_id</c>, for a token about a person
    /// (delegated or impersonating); null for an agent's own token.
    /// </summary>
    public string? UserKey { get; init; }

    /// <summary>
    /// The groups of the person the token is about (RFC 9068 §2.2.3.1 <c>groups</c>), as their issuer names them; empty
    /// when the token lists none. Only on a token about a person.
    /// </summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>The RFC 9396 <c>authorization_details</c> of an elevation token, as JSON text.</summary>
    public string? AuthorizationDetailsJson { get; init; }

    /// <summary>The delegation grant the token was issued under (<c>grant_id</c>), when delegated.</summary>
    public string? GrantId { get; init; }

    /// <summary>The human approval the token was issued under (<c>approval_id</c>), for an elevation token.</summary>
    public string? ApprovalId { get; init; }

    /// <summary>Whether the token lets an agent act for a person (it carries an <c>act</c> chain).</summary>
    public bool IsDelegated => Actors.Count > 0;

    public bool IsDPoPBound => ConfirmationThumbprint is not null;

    /// <summary>Scope values, split once.</summary>
    public IReadOnlyList<string> Scopes => _scopes ??= Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private string[]? _scopes;
}
