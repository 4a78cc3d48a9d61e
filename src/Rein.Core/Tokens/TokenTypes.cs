namespace Rein.Core.Tokens;

/// <summary>JWT <c>typ</c> values and token type identifiers Rein uses.</summary>
public static class TokenTypes
{
    /// <summary>RFC 9068 access token.</summary>
    public const string AccessToken = "at+jwt";

    /// <summary>Transaction token (draft-ietf-oauth-transaction-tokens-08, Txn-Token Format).</summary>
    public const string TransactionToken = "txntoken+jwt";

    /// <summary>RFC 9449 DPoP proof.</summary>
    public const string DPoPProof = "dpop+jwt";
}
