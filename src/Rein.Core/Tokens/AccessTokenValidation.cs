namespace Rein.Core.Tokens;

/// <summary>The outcome of validating an access token: a failure unless proven otherwise.</summary>
public sealed class AccessTokenValidation
{
    private AccessTokenValidation(AccessToken? token, string? error)
    {
        Token = token;
        Error = error;
    }

    public AccessToken? Token { get; }

    /// <summary>Why the token was refused, safe to show a client (never token content).</summary>
    public string? Error { get; }

    public bool IsValid => Token is not null;

    public static AccessTokenValidation Valid(AccessToken token) => new(token, null);

    public static AccessTokenValidation Invalid(string error) => new(null, error);
}
