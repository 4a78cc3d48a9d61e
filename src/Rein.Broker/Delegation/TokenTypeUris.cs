namespace Rein.Broker.Delegation;

/// <summary>Token type identifiers (RFC 8693 §3) and the token exchange grant type.</summary>
public static class TokenTypeUris
{
    /// <summary>RFC 8693 §2.1 <c>grant_type</c>.</summary>
    public const string TokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";

    /// <summary>An OAuth access token; what Rein issues (<c>issued_token_type</c>).</summary>
    public const string AccessToken = "urn:ietf:params:oauth:token-type:access_token";

    /// <summary>A JWT (RFC 7519 §9 registration).</summary>
    public const string Jwt = "urn:ietf:params:oauth:token-type:jwt";

    /// <summary>An OpenID Connect ID token.</summary>
    public const string IdToken = "urn:ietf:params:oauth:token-type:id_token";

    /// <summary>A transaction token (draft-ietf-oauth-transaction-tokens); requested from the Transaction Token Service.</summary>
    public const string TxnToken = "urn:ietf:params:oauth:token-type:txn_token";
}
