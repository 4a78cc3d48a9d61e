namespace Rein.Core.Transactions;

/// <summary>A signed transaction token and its validity (Unix seconds). Never logged: the token is a credential.</summary>
public readonly record struct IssuedTransactionToken(string Token, long IssuedAt, long ExpiresAt)
{
    public long Lifetime => ExpiresAt - IssuedAt;

    /// <summary>Hides the token: the record's generated text would otherwise print it.</summary>
    public override string ToString() => $"transaction token, iat {IssuedAt}, exp {ExpiresAt}";
}
