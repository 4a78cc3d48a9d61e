using Rein.Core.Tokens;

namespace Rein.Broker.Delegation;

/// <summary>
/// Validates an access token this Rein issued that comes back as a token exchange's subject or actor token. A token
/// already verified (by an earlier exchange or by this process's gateway) is found in the validated-token cache by
/// its SHA-256 and only re-checked for revocation, as the gateway does; any other goes through the full validation
/// (signature, <c>typ at+jwt</c>, issuer, lifetime, revocation) and is then cached.
/// </summary>
internal static class ReinTokenCheck
{
    /// <summary>The validated token, or why it is not acceptable (never with token content).</summary>
    public static (AccessToken? Token, string? Error) Validate(AccessTokenValidator validator, ValidatedTokenCache cache, string token)
    {
        var hash = ValidatedTokenCache.TokenHash.Of(token);
        if (cache.TryGet(hash, validator.ClockSkew, out var cached))
        {
            return validator.IsRevoked(cached) ? (null, "token has been revoked") : (cached, null);
        }
        var validation = validator.Validate(token, audience: null);
        if (validation.Token is null) return (null, validation.Error);
        cache.Add(hash, validation.Token);
        return (validation.Token, null);
    }
}
