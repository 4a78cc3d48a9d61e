namespace Rein.Broker.Tokens;

/// <summary>
/// Everything the issuer needs to mint one access token. Built only after every check passed. For a token that acts
/// for a person, <see cref="Subject"/> is the person's <c>sub</c> and <see cref="Delegation"/> carries the rest.
/// </summary>
internal sealed record AccessTokenRequest(
    string Subject,
    string ClientId,
    string Audience,
    string Scope,
    string SigningAlgorithm,
    TimeSpan Lifetime,
    string? ConfirmationThumbprint,
    string SessionId,
    DelegatedClaims? Delegation = null);
