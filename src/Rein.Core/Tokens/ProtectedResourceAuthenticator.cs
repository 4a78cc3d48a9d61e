using Microsoft.AspNetCore.Http;
using Rein.Jose.DPoP;

namespace Rein.Core.Tokens;

/// <summary>
/// Authenticates a request to a resource Rein protects: <c>Authorization: DPoP</c> with a proof bound to the token
/// (RFC 9449 §7), or <c>Bearer</c> only where allowed and only for unbound tokens (§7.2). Challenges never echo the
/// token or proof.
/// </summary>
public sealed class ProtectedResourceAuthenticator(AccessTokenValidator validator, DPoPProofValidator dpop, ValidatedTokenCache cache)
{
    private const string Algs = "algs=\"ES256 ES384 ES512 RS256 PS256\"";

    public ResourceAuthentication Authenticate(HttpRequest request, string audience, Uri requestUri, bool allowBearer)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        return Authenticate(request, audience, requestUri, null, allowBearer);
    }

    /// <summary>
    /// As <see cref="Authenticate(HttpRequest, string, Uri, bool)"/>, with the request's absolute http(s) URI (scheme,
    /// authority and escaped path, as the server publishes it) given as text: a bearer request never parses it, and a
    /// DPoP proof's <c>htu</c> is compared with its normal form, kept between requests to the same URI.
    /// </summary>
    public ResourceAuthentication Authenticate(HttpRequest request, string audience, string requestUri, bool allowBearer)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestUri);
        return Authenticate(request, audience, null, requestUri, allowBearer);
    }

    private ResourceAuthentication Authenticate(HttpRequest request, string audience, Uri? requestUri, string? requestUriText, bool allowBearer)
    {
        var headers = request.Headers.Authorization;
        if (headers.Count == 0)
        {
            return ResourceAuthentication.Fail(StatusCodes.Status401Unauthorized, Challenge(allowBearer, null, null), null);
        }
        if (headers.Count > 1)
        {
            return Fail(StatusCodes.Status400BadRequest, allowBearer, "invalid_request", "more than one Authorization header");
        }

        var value = headers[0]!;
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space > 0 ? value.AsSpan(0, space) : value.AsSpan();
        // Note: the token stays a slice of the header until something needs it as a string (a cache miss, a proof
        // checked against a Uri); a cached token costs no copy.
        var token = space > 0 ? value.AsSpan(space + 1).Trim() : ReadOnlySpan<char>.Empty;
        var isDPoP = scheme.Equals("DPoP", StringComparison.OrdinalIgnoreCase);
        var isBearer = scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);
        if ((!isDPoP && !isBearer) || token.Length == 0)
        {
            return ResourceAuthentication.Fail(StatusCodes.Status401Unauthorized, Challenge(allowBearer, null, null), null);
        }
        if (token.Length > AccessTokenValidator.MaxTokenLength)
        {
            return Fail(StatusCodes.Status401Unauthorized, allowBearer, "invalid_token", "the access token is too large");
        }

        var hash = ConnectionTokenHash.Of(request, value, token);
        if (cache.TryGet(hash, validator.ClockSkew, out var accessToken))
        {
            // The signature and claims were verified when the token was cached; what can change since is revocation.
            if (!string.Equals(accessToken.Audience, audience, StringComparison.Ordinal))
            {
                return Fail(StatusCodes.Status401Unauthorized, allowBearer, "invalid_token", "the token is not for this audience");
            }
            if (validator.IsRevoked(accessToken))
            {
                return Fail(StatusCodes.Status401Unauthorized, allowBearer, "invalid_token", "token has been revoked");
            }
        }
        else
        {
            var validation = validator.Validate(token.ToString(), audience);
            if (validation.Token is null)
            {
                return Fail(StatusCodes.Status401Unauthorized, allowBearer, "invalid_token", validation.Error ?? "the access token is invalid");
            }
            accessToken = validation.Token;
            cache.Add(hash, accessToken);
        }

        if (isBearer)
        {
            if (accessToken.IsDPoPBound)
            {
                // RFC 9449 §7.2: a DPoP-bound token presented as a bearer token is refused.
                return Misused(allowBearer, "invalid_token", "a DPoP-bound token must be presented with the DPoP scheme and a proof", accessToken);
            }
            if (!allowBearer)
            {
                return Fail(StatusCodes.Status401Unauthorized, allowBearer, "invalid_token", "this resource requires a DPoP-bound token");
            }
            return ResourceAuthentication.Success(accessToken);
        }

        if (!accessToken.IsDPoPBound)
        {
            return Fail(StatusCodes.Status401Unauthorized, allowBearer, "invalid_token", "the access token is not DPoP-bound");
        }
        var proofs = request.Headers["DPoP"];
        if (proofs.Count != 1)
        {
            return Fail(StatusCodes.Status401Unauthorized, allowBearer, "invalid_dpop_proof", proofs.Count == 0 ? "a DPoP proof is required" : "more than one DPoP proof was sent");
        }
        DPoPResult proof;
        if (requestUri is not null)
        {
            proof = dpop.Validate(proofs[0], request.Method, requestUri, token.ToString(), nonces: null);
        }
        else
        {
            // Note: the token passed validation (strict base64url) or was cached by its hash after it did, so it is
            // ASCII and its lookup hash is exactly the SHA-256 that ath must encode (RFC 9449 §4.2): no second hash.
            if (!System.Text.Ascii.IsValid(token))
            {
                return Fail(StatusCodes.Status401Unauthorized, allowBearer, "invalid_token", "the access token is invalid");
            }
            Span<byte> tokenSha256 = stackalloc byte[32];
            hash.CopyTo(tokenSha256);
            proof = dpop.Validate(proofs[0], request.Method, requestUriText!, tokenSha256, nonces: null);
        }
        if (!proof.IsValid)
        {
            return Fail(StatusCodes.Status401Unauthorized, allowBearer, proof.Error, proof.Description);
        }
        if (!string.Equals(proof.Thumbprint, accessToken.ConfirmationThumbprint, StringComparison.Ordinal))
        {
            return Misused(allowBearer, "invalid_dpop_proof", "the proof key does not match the token's binding", accessToken);
        }
        return ResourceAuthentication.Success(accessToken);
    }

    private static ResourceAuthentication Misused(bool allowBearer, string error, string description, AccessToken token) =>
        ResourceAuthentication.Misused(StatusCodes.Status401Unauthorized, Challenge(allowBearer, error, description), error, token);

    private static ResourceAuthentication Fail(int status, bool allowBearer, string error, string description) =>
        ResourceAuthentication.Fail(status, Challenge(allowBearer, error, description), error);

    private static string Challenge(bool allowBearer, string? error, string? description)
    {
        var errorPart = error is null ? string.Empty : $"error=\"{error}\", error_description=\"{Escape(description!)}\", ";
        var dpopChallenge = $"DPoP {errorPart}{Algs}";
        return allowBearer ? dpopChallenge + ", Bearer" + (error is null ? string.Empty : $" error=\"{error}\"") : dpopChallenge;
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
