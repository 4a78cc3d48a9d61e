namespace Rein.Core.Transactions;

/// <summary>The outcome of validating a transaction token: a failure unless proven otherwise.</summary>
public sealed class TransactionTokenValidation
{
    private TransactionTokenValidation(TransactionToken? token, TransactionTokenError error, string description)
    {
        Token = token;
        Error = error;
        ErrorDescription = description;
    }

    /// <summary>The validated token; null when invalid.</summary>
    public TransactionToken? Token { get; }

    /// <summary>Why the token was refused; <see cref="TransactionTokenError.None"/> when valid.</summary>
    public TransactionTokenError Error { get; }

    /// <summary>A fixed description of the error, safe to log or answer with: it never contains the token or its claims.</summary>
    public string ErrorDescription { get; }

    public bool IsValid => Token is not null;

    internal static TransactionTokenValidation Valid(TransactionToken token) => new(token, TransactionTokenError.None, string.Empty);

    internal static TransactionTokenValidation Invalid(TransactionTokenError error, string description) => new(null, error, description);
}
