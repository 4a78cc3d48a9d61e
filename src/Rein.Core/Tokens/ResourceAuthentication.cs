namespace Rein.Core.Tokens;

/// <summary>
/// The outcome of authenticating a request to a protected resource (admin API, gateway): the token, or the status
/// and RFC 6750/9449 <c>WWW-Authenticate</c> challenge to answer with. A failure unless proven otherwise.
/// </summary>
public sealed class ResourceAuthentication
{
    private ResourceAuthentication(AccessToken? token, int status, string? challenge, string? error, AccessToken? misused = null)
    {
        Token = token;
        Status = status;
        Challenge = challenge;
        Error = error;
        MisusedToken = misused;
    }

    public AccessToken? Token { get; }
    public int Status { get; }
    public string? Challenge { get; }

    /// <summary>The RFC error code (<c>invalid_token</c>, <c>invalid_dpop_proof</c>, …), null when no credentials were sent.</summary>
    public string? Error { get; }

    public bool Succeeded => Token is not null;

    /// <summary>
    /// A genuine, unrevoked token refused because it was presented by someone who does not hold its key: a proof from
    /// another key, or a DPoP-bound token sent as a bearer token. The gateway's anomaly source reports these.
    /// </summary>
    public AccessToken? MisusedToken { get; }

    public static ResourceAuthentication Success(AccessToken token) => new(token, 200, null, null);

    public static ResourceAuthentication Fail(int status, string challenge, string? error) => new(null, status, challenge, error);

    public static ResourceAuthentication Misused(int status, string challenge, string error, AccessToken token) => new(null, status, challenge, error, token);
}
