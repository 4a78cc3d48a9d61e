namespace Rein.Core.Transactions;

/// <summary>Names and limits of transaction tokens (draft-ietf-oauth-transaction-tokens-08) as Rein uses them.</summary>
public static class TransactionTokens
{
    /// <summary>The HTTP header a transaction token travels in ("Txn-Token" HTTP Header); never <c>Authorization</c>.</summary>
    public const string HeaderName = "Txn-Token";

    /// <summary>The token type URI of a transaction token in a Txn-Token Request and Response.</summary>
    public const string TokenType = "urn:ietf:params:oauth:token-type:txn_token";

    /// <summary>
    /// Where the keys that sign transaction tokens are published: apart from <c>/.well-known/jwks.json</c>, so that a
    /// key which may sign transaction tokens (a gateway's) is never one a relying party accepts for access tokens.
    /// </summary>
    public const string JwksPath = "/.well-known/txn-token-jwks.json";

    /// <summary>Transaction tokens longer than this are refused before anything is decoded.</summary>
    public const int MaxTokenLength = 16 * 1024;
}
