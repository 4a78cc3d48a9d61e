namespace Rein.Jose.DPoP;

/// <summary>The outcome of <see cref="DPoPProofValidator"/>.Validate: invalid unless every check passed.</summary>
public sealed class DPoPResult
{
    /// <summary>The RFC 9449 §7.1 error code for a proof that is missing or wrong.</summary>
    public const string InvalidDPoPProof = "invalid_dpop_proof";

    /// <summary>The RFC 9449 §8 error code asking the client to retry with a (fresh) server nonce.</summary>
    public const string UseDPoPNonce = "use_dpop_nonce";

    private DPoPResult(string error, string description)
    {
        Error = error;
        Description = description;
    }

    private DPoPResult(string thumbprint, string jwtId, DateTimeOffset issuedAt, JsonWebKey publicKey)
    {
        IsValid = true;
        Error = string.Empty;
        Description = string.Empty;
        Thumbprint = thumbprint;
        JwtId = jwtId;
        IssuedAt = issuedAt;
        PublicKey = publicKey;
    }

    /// <summary>True only when the proof passed every check, including the replay check.</summary>
    public bool IsValid { get; }

    /// <summary><c>invalid_dpop_proof</c> or <c>use_dpop_nonce</c>; empty when valid.</summary>
    public string Error { get; }

    /// <summary>A fixed description, safe to send and log: it never contains proof or claim values.</summary>
    public string Description { get; }

    /// <summary>The RFC 7638 thumbprint of the proof key (compare with <c>cnf.jkt</c>).</summary>
    public string? Thumbprint { get; }

    /// <summary>The proof's <c>jti</c>.</summary>
    public string? JwtId { get; }

    /// <summary>The proof's <c>iat</c>.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>The proof's public key.</summary>
    public JsonWebKey? PublicKey { get; }

    internal static DPoPResult Invalid(string description) => new(InvalidDPoPProof, description);

    internal static DPoPResult NonceRequired(string description) => new(UseDPoPNonce, description);

    internal static DPoPResult Valid(string thumbprint, string jwtId, DateTimeOffset issuedAt, JsonWebKey publicKey) =>
        new(thumbprint, jwtId, issuedAt, publicKey);
}
