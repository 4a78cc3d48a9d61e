using System.Security.Cryptography;

namespace Rein.Jose;

/// <summary>
/// The public half of a <see cref="JsonWebKey"/>, imported once and ready to verify JWS signatures from any thread.
/// Instances come from <see cref="JsonWebKey.ToVerificationKey"/> (or a key set or resolver built on it) and are owned
/// by that JWK: they live as long as it does, and <see cref="Dispose"/> does not release a key other callers share.
/// </summary>
public sealed class VerificationKey : IDisposable
{
    private readonly JsonWebKey _jwk;

    // Note: exactly one of these is set. The .NET key types are safe for concurrent verification once imported
    // (OpenSSL shares an EVP_PKEY read-only and creates a context per operation; CNG likewise), so one object
    // serves every request instead of one import per verification.
    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;
    private readonly int _rsaSignatureSize;

    internal VerificationKey(JsonWebKey jwk)
    {
        _jwk = jwk;
        if (jwk.EcCurve is not null)
        {
            _ecdsa = ECDsa.Create(new ECParameters
            {
                Curve = jwk.EcCurve.Curve,
                Q = new ECPoint { X = jwk.FirstBytes, Y = jwk.SecondBytes },
            });
        }
        else
        {
            _rsa = RSA.Create(new RSAParameters { Modulus = jwk.FirstBytes, Exponent = jwk.SecondBytes });
            _rsaSignatureSize = jwk.FirstBytes.Length;
        }
    }

    /// <summary>The key's <c>kid</c>, if any.</summary>
    public string? KeyId => _jwk.KeyId;

    /// <summary>The RFC 7638 thumbprint of the key.</summary>
    public string Thumbprint => _jwk.Thumbprint;

    /// <summary>The JWK <c>kty</c>: <c>EC</c> or <c>RSA</c>.</summary>
    public string KeyType => _jwk.KeyType;

    /// <summary>The JWK this key was made from (public members only are used).</summary>
    internal JsonWebKey Jwk => _jwk;

    /// <summary>True when this key can check signatures made with <paramref name="alg"/>; see <see cref="JsonWebKey.IsCompatibleWith(string)"/>.</summary>
    /// <param name="alg">A JWS algorithm name.</param>
    public bool IsCompatibleWith(string alg) => _jwk.IsCompatibleWith(alg);

    /// <summary>
    /// Verifies a JWS signature (RFC 7515 §5.2): for ECDSA the raw <c>r||s</c> of exactly twice the field size
    /// (RFC 7518 §3.4; DER is refused), for RSA exactly the modulus length. False for any algorithm this key is not
    /// compatible with.
    /// </summary>
    /// <param name="alg">The JWS algorithm, already checked against an allowlist.</param>
    /// <param name="signingInput">ASCII(BASE64URL(header) || '.' || BASE64URL(payload)).</param>
    /// <param name="signature">The decoded signature.</param>
    public bool Verify(string alg, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        if (!JwsAlgorithm.TryGet(alg, out JwsAlgorithm? algorithm) || !_jwk.IsCompatibleWith(algorithm))
        {
            return false;
        }

        try
        {
            if (algorithm.IsEcdsa)
            {
                return _ecdsa is not null
                    && signature.Length == algorithm.Curve.SignatureSize
                    && _ecdsa.VerifyData(signingInput, signature, algorithm.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }

            return _rsa is not null
                && signature.Length == _rsaSignatureSize
                && _rsa.VerifyData(signingInput, signature, algorithm.Hash, algorithm.Padding);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// Does nothing: the key is owned by its <see cref="JsonWebKey"/> and shared with every other user of that JWK, so a
    /// caller's <c>using</c> must not break verification elsewhere. The platform key is released with the JWK.
    /// </summary>
    public void Dispose()
    {
    }
}
