using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Rein.Jose;

/// <summary>
/// A private key bound to one JWS algorithm and one <c>kid</c>, used to sign tokens and DPoP proofs.
/// Signing is safe from several threads at once.
/// </summary>
public sealed class SigningKey : IDisposable
{
    private const int GeneratedRsaBits = 3072;

    private readonly JwsAlgorithm _algorithm;
    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;

    private SigningKey(JwsAlgorithm algorithm, string keyId, ECDsa? ecdsa, RSA? rsa, JsonWebKey publicJwk)
    {
        _algorithm = algorithm;
        KeyId = keyId;
        _ecdsa = ecdsa;
        _rsa = rsa;
        PublicJwk = publicJwk;
        SignatureSize = algorithm.IsEcdsa ? algorithm.Curve.SignatureSize : publicJwk.FirstBytes.Length;
    }

    /// <summary>The <c>kid</c> written into token headers.</summary>
    public string KeyId { get; }

    /// <summary>The JWS <c>alg</c> this key signs with.</summary>
    public string Algorithm => _algorithm.Name;

    /// <summary>The public key as a JWK carrying this key's <c>kid</c> and <c>alg</c>; publish it in a JWKS.</summary>
    public JsonWebKey PublicJwk { get; }

    /// <summary>The exact length of every signature <see cref="Sign"/> produces.</summary>
    public int SignatureSize { get; }

    /// <summary>
    /// The base64url JWS headers <see cref="JwtWriter"/> wrote for this key, one per <c>typ</c> (and embedding); a header
    /// depends on nothing else, so it is written once. Swapped whole, never changed in place.
    /// </summary>
    internal EncodedHeader[] EncodedHeaders = [];

    internal sealed record EncodedHeader(string Type, bool EmbedsPublicJwk, byte[] Base64Url);

    /// <summary>
    /// Generates a new key: ES256, ES384 and ES512 get an EC key on the matching curve; RS* and PS* get RSA 3072.
    /// </summary>
    /// <param name="alg">One of <see cref="JwsAlgorithms.AllAsymmetric"/>.</param>
    /// <param name="kid">The key id to publish; must not be empty.</param>
    /// <exception cref="ArgumentException">The algorithm is not supported or the kid is empty.</exception>
    public static SigningKey Generate(string alg, string kid)
    {
        ArgumentException.ThrowIfNullOrEmpty(kid);
        JwsAlgorithm algorithm = RequireAlgorithm(alg);
        if (algorithm.IsEcdsa)
        {
            ECDsa ecdsa = ECDsa.Create(algorithm.Curve.Curve);
            try
            {
                ECParameters parameters = ecdsa.ExportParameters(includePrivateParameters: false);
                JsonWebKey jwk = JsonWebKey.FromPublicParameters(algorithm.Curve, parameters.Q.X!, parameters.Q.Y!, kid, algorithm.Name);
                return new SigningKey(algorithm, kid, ecdsa, null, jwk);
            }
            catch
            {
                ecdsa.Dispose();
                throw;
            }
        }

        RSA rsa = RSA.Create(GeneratedRsaBits);
        try
        {
            RSAParameters parameters = rsa.ExportParameters(includePrivateParameters: false);
            JsonWebKey jwk = JsonWebKey.FromPublicParameters(parameters.Modulus!, parameters.Exponent!, kid, algorithm.Name);
            return new SigningKey(algorithm, kid, null, rsa, jwk);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Imports a private JWK (for example one read back from encrypted storage). The key must be compatible with
    /// <paramref name="alg"/>, and its public and private members must belong together; this is checked by signing
    /// and verifying once.
    /// </summary>
    /// <param name="jwk">A JWK with private members (for RSA including the CRT members).</param>
    /// <param name="alg">The algorithm to sign with.</param>
    /// <param name="kid">The key id; defaults to the JWK's <c>kid</c>.</param>
    /// <exception cref="ArgumentException">No kid, no or an incomplete private key, an incompatible or unsupported algorithm, or mismatched key members.</exception>
    public static SigningKey FromPrivateJwk(JsonWebKey jwk, string alg, string? kid = null)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        JwsAlgorithm algorithm = RequireAlgorithm(alg);
        kid ??= jwk.KeyId;
        if (string.IsNullOrEmpty(kid))
        {
            throw new ArgumentException("The key needs a kid: pass one or set it in the JWK.", nameof(kid));
        }

        PrivateKeyMaterial privateKey = jwk.PrivateKey
            ?? throw new ArgumentException("The JWK has no private key.", nameof(jwk));
        if (!jwk.IsCompatibleWith(algorithm))
        {
            throw new ArgumentException("The JWK is not compatible with the algorithm.", nameof(alg));
        }

        ECDsa? ecdsa = null;
        RSA? rsa = null;
        try
        {
            if (algorithm.IsEcdsa)
            {
                ecdsa = ECDsa.Create(privateKey.ToEcParameters(algorithm.Curve, jwk.FirstBytes, jwk.SecondBytes));
            }
            else
            {
                if (!privateKey.HasCrtParameters)
                {
                    throw new ArgumentException("An RSA private JWK must include p, q, dp, dq and qi.", nameof(jwk));
                }

                rsa = RSA.Create(privateKey.ToRsaParameters(jwk.FirstBytes, jwk.SecondBytes));
            }

            var key = new SigningKey(algorithm, kid, ecdsa, rsa, jwk.WithPublicIdentity(kid, algorithm.Name));
            key.SelfTest(jwk.ToVerificationKey());
            return key;
        }
        catch (CryptographicException ex)
        {
            ecdsa?.Dispose();
            rsa?.Dispose();
            throw new ArgumentException("The JWK private key cannot be imported.", nameof(jwk), ex);
        }
        catch
        {
            ecdsa?.Dispose();
            rsa?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Exports the private key as a UTF-8 JSON JWK including <c>kid</c> and <c>alg</c>. Only for encrypted
    /// persistence: the caller owns the returned secret and should clear it when done.
    /// </summary>
    public byte[] ExportPrivateJwk()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                if (_ecdsa is not null)
                {
                    ECParameters parameters = _ecdsa.ExportParameters(includePrivateParameters: true);
                    try
                    {
                        writer.WriteString("kty"u8, JsonWebKey.EcKeyType);
                        writer.WriteString("crv"u8, _algorithm.Curve!.Name);
                        WriteBase64Url(writer, "x"u8, parameters.Q.X);
                        WriteBase64Url(writer, "y"u8, parameters.Q.Y);
                        WriteBase64Url(writer, "d"u8, parameters.D);
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(parameters.D);
                    }
                }
                else
                {
                    RSAParameters parameters = _rsa!.ExportParameters(includePrivateParameters: true);
                    try
                    {
                        writer.WriteString("kty"u8, JsonWebKey.RsaKeyType);
                        WriteBase64UrlUInt(writer, "n"u8, parameters.Modulus);
                        WriteBase64UrlUInt(writer, "e"u8, parameters.Exponent);
                        WriteBase64UrlUInt(writer, "d"u8, parameters.D);
                        WriteBase64UrlUInt(writer, "p"u8, parameters.P);
                        WriteBase64UrlUInt(writer, "q"u8, parameters.Q);
                        WriteBase64UrlUInt(writer, "dp"u8, parameters.DP);
                        WriteBase64UrlUInt(writer, "dq"u8, parameters.DQ);
                        WriteBase64UrlUInt(writer, "qi"u8, parameters.InverseQ);
                    }
                    finally
                    {
                        ClearRsa(parameters);
                    }
                }

                writer.WriteString("kid"u8, KeyId);
                writer.WriteString("alg"u8, Algorithm);
                writer.WriteEndObject();
            }

            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            buffer.Clear();
        }
    }

    /// <summary>
    /// Signs <paramref name="signingInput"/> and writes the JWS signature (raw <c>r||s</c> for ECDSA) to
    /// <paramref name="destination"/>, which must hold <see cref="SignatureSize"/> bytes.
    /// </summary>
    /// <param name="signingInput">ASCII(BASE64URL(header) || '.' || BASE64URL(payload)).</param>
    /// <param name="destination">Where the signature goes.</param>
    /// <returns>The number of bytes written, always <see cref="SignatureSize"/>.</returns>
    public int Sign(ReadOnlySpan<byte> signingInput, Span<byte> destination)
    {
        if (destination.Length < SignatureSize)
        {
            throw new ArgumentException("The destination is shorter than SignatureSize.", nameof(destination));
        }

        int written;
        bool signed = _ecdsa is not null
            ? _ecdsa.TrySignData(signingInput, destination, _algorithm.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out written)
            : _rsa!.TrySignData(signingInput, destination, _algorithm.Hash, _algorithm.Padding!, out written);
        if (!signed || written != SignatureSize)
        {
            throw new CryptographicException("Signing produced no signature of the expected size.");
        }

        return written;
    }

    /// <summary>Releases the private key.</summary>
    public void Dispose()
    {
        _ecdsa?.Dispose();
        _rsa?.Dispose();
    }

    private static JwsAlgorithm RequireAlgorithm(string alg)
    {
        ArgumentNullException.ThrowIfNull(alg);
        return JwsAlgorithm.TryGet(alg, out JwsAlgorithm? algorithm)
            ? algorithm
            : throw new ArgumentException("The algorithm is not a supported asymmetric JWS algorithm.", nameof(alg));
    }

    private static void WriteBase64Url(Utf8JsonWriter writer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Span<byte> encoded = stackalloc byte[Base64Url.GetEncodedLength(value.Length)];
        try
        {
            Base64Url.EncodeToUtf8(value, encoded);
            writer.WriteString(name, encoded);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encoded);
        }
    }

    private static void WriteBase64UrlUInt(Utf8JsonWriter writer, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        // Note: RFC 7518 §2 Base64urlUInt is minimal; .NET pads CRT members to half the modulus length.
        ReadOnlySpan<byte> minimal = value.TrimStart((byte)0);
        WriteBase64Url(writer, name, minimal.IsEmpty ? value[^1..] : minimal);
    }

    private static void ClearRsa(RSAParameters parameters)
    {
        CryptographicOperations.ZeroMemory(parameters.D);
        CryptographicOperations.ZeroMemory(parameters.P);
        CryptographicOperations.ZeroMemory(parameters.Q);
        CryptographicOperations.ZeroMemory(parameters.DP);
        CryptographicOperations.ZeroMemory(parameters.DQ);
        CryptographicOperations.ZeroMemory(parameters.InverseQ);
    }

    private void SelfTest(VerificationKey publicKey)
    {
        ReadOnlySpan<byte> probe = "rein-jose key pair self-test"u8;
        byte[] signature = new byte[SignatureSize];
        Sign(probe, signature);
        if (!publicKey.Verify(Algorithm, probe, signature))
        {
            throw new CryptographicException("The private key does not match the public key.");
        }
    }
}
