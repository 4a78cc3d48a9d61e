namespace Rein.Client;

/// <summary>A token endpoint's successful answer.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string? Scope);
