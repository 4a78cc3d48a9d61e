namespace Rein.Broker.Http;

/// <summary>RFC 6749 §5.2 / RFC 9449 §5 error codes used by the broker.</summary>
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
}
