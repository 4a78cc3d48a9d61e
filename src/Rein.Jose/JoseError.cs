namespace Rein.Jose;

/// <summary>Why a JWS was refused. <see cref="None"/> only for a valid token.</summary>
public enum JoseError
{
    /// <summary>No error: the token is valid.</summary>
    None,

    /// <summary>Not a well-formed compact JWS with a JSON object header and payload (also: JWE, duplicate members).</summary>
    Malformed,

    /// <summary>Longer than the configured maximum; nothing was decoded.</summary>
    TooLarge,

    /// <summary>The <c>alg</c> is not on the allowlist (this includes <c>none</c> and HMAC).</summary>
    UnsupportedAlgorithm,

    /// <summary>The <c>typ</c> is not one this use accepts.</summary>
    InvalidType,

    /// <summary>No trusted key matches the header.</summary>
    UnknownKey,

    /// <summary>The signature does not verify with the key.</summary>
    InvalidSignature,

    /// <summary>The header has <c>crit</c> (or another extension Rein does not implement).</summary>
    UnsupportedCriticalHeader,

    /// <summary>The key found is unusable: an embedded JWK that is invalid, private, or does not fit <c>alg</c>.</summary>
    InvalidKey,
}
