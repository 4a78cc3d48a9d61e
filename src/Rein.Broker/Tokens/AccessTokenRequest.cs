namespace Rein.Broker.Tokens;

/// <summary>Everything the issuer needs to mint one access token. Built only after every check passed.</summary>
internal sealed record AccessTokenRequest(
    string Subject,
    string ClientId,
    string Audience,
    string Scope,
    string SigningAlgorithm,
    TimeSpan Lifetime,
    string? ConfirmationThumbprint,
    string SessionId);
