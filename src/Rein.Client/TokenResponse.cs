namespace Rein.Client;

/// <summary>
/// A token endpoint's successful answer. A token exchange also says what it issued (<see cref="IssuedTokenType"/>) and,
/// for an approved action, the RFC 9396 <see cref="AuthorizationDetails"/> (JSON) the token carries.
/// </summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string? Scope,
    string? IssuedTokenType = null, string? AuthorizationDetails = null);
