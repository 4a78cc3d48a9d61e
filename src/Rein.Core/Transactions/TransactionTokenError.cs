namespace Rein.Core.Transactions;

/// <summary>Why a transaction token was refused. <see cref="None"/> only for a valid one.</summary>
public enum TransactionTokenError
{
    /// <summary>No error: the token is valid.</summary>
    None,

    /// <summary>No token was presented (no <c>Txn-Token</c> header, or an empty one).</summary>
    Missing,

    /// <summary>More than one <c>Txn-Token</c> header: the draft allows exactly one.</summary>
    Ambiguous,

    /// <summary>Longer than the limit; nothing was decoded.</summary>
    TooLarge,

    /// <summary>Not a compact JWS with JSON header and payload.</summary>
    Malformed,

    /// <summary>The <c>alg</c> is not ES256 (this includes <c>none</c> and HMAC).</summary>
    UnsupportedAlgorithm,

    /// <summary>The <c>typ</c> is not <c>txntoken+jwt</c>: some other kind of token.</summary>
    InvalidType,

    /// <summary>No trusted key matches the header's <c>kid</c>.</summary>
    UnknownKey,

    /// <summary>The signature does not verify.</summary>
    InvalidSignature,

    /// <summary>The claims are wrong: expired, not yet valid, another trust domain, too long-lived, or missing a required claim.</summary>
    InvalidClaims,
}
