namespace Rein.Client;

/// <summary>
/// A token exchange (RFC 8693): the agent presents a person's token (<see cref="SubjectToken"/>: their IdP token, or
/// the delegated token the previous agent in a chain holds) and asks for a token to act for them on one tool.
/// </summary>
public sealed record TokenExchangeRequest
{
    /// <summary>The person's token, or the delegated token of the previous hop.</summary>
    public required string SubjectToken { get; init; }

    /// <summary>Its type (RFC 8693 §3): <see cref="TokenTypeIdentifiers.Jwt"/> by default.</summary>
    public string SubjectTokenType { get; init; } = TokenTypeIdentifiers.Jwt;

    /// <summary>The tool's audience URI (RFC 8707 <c>resource</c>); or give <see cref="Audience"/>.</summary>
    public string? Resource { get; init; }

    /// <summary>The tool's audience or id (RFC 8693 <c>audience</c>).</summary>
    public string? Audience { get; init; }

    /// <summary>The actions the token is for.</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>The agent's own token or workload token, naming the agent as the actor (optional).</summary>
    public string? ActorToken { get; init; }

    public string ActorTokenType { get; init; } = TokenTypeIdentifiers.Jwt;

    /// <summary>RFC 9396 <c>authorization_details</c> (a JSON array) describing an action that needs approval.</summary>
    public string? AuthorizationDetails { get; init; }

    /// <summary>The approval request to redeem, from an earlier <see cref="ApprovalPendingException"/>.</summary>
    public string? ApprovalId { get; init; }
}
