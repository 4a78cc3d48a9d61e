namespace Rein.Broker.Http;

/// <summary>RFC 6749 §5.2 / RFC 9449 §5 / RFC 8628 §3.5 / RFC 9396 §5 error codes used by the broker.</summary>
public static class OAuthError
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidClient = "invalid_client";
    public const string InvalidGrant = "invalid_grant";
    public const string UnauthorizedClient = "unauthorized_client";
    public const string UnsupportedGrantType = "unsupported_grant_type";
    public const string InvalidScope = "invalid_scope";
    public const string InvalidTarget = "invalid_target";
    public const string InvalidDPoPProof = "invalid_dpop_proof";
    public const string UseDPoPNonce = "use_dpop_nonce";
    public const string UnsupportedTokenType = "unsupported_token_type";
    public const string AccessDenied = "access_denied";
    public const string ServerError = "server_error";

    /// <summary>RFC 8628 §3.5: a human has not decided yet; retry after <c>interval</c> seconds.</summary>
    public const string AuthorizationPending = "authorization_pending";

    /// <summary>RFC 8628 §3.5: the approval request (or the approval) ran out of time.</summary>
    public const string ExpiredToken = "expired_token";

    /// <summary>RFC 9396 §5: the <c>authorization_details</c> parameter is not acceptable.</summary>
    public const string InvalidAuthorizationDetails = "invalid_authorization_details";
}
