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

    public bool IsDPoPBound => ConfirmationThumbprint is not null;

    /// <summary>Scope values, split once.</summary>
    public IReadOnlyList<string> Scopes => _scopes ??= Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private string[]? _scopes;
}
