using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Rein.Jose;

/// <summary>
/// Reads and verifies compact JWS (RFC 7515 §7.1) following the JWT best current practices (RFC 8725): size before
/// decoding, strict base64url, an explicit algorithm allowlist, explicit <c>typ</c>, no <c>crit</c>, and keys only
/// from the caller's resolver (or, for DPoP, the header <c>jwk</c>).
/// </summary>
public static class JwsReader
{
    // Note: the largest signature is an RSA-8192 one (1024 bytes); anything longer cannot verify.
    private const int MaxSignatureLength = 1024;
    private const int StackLimit = 1024;

    /// <summary>Reads <paramref name="compactJws"/> and verifies its signature. Claims are not checked here.</summary>
    /// <param name="compactJws">The token as received.</param>
    /// <param name="options">What this use accepts.</param>
    /// <param name="resolver">Finds trusted keys by <c>kid</c> and <c>alg</c>; unused when <see cref="JwsReadOptions.UseEmbeddedJwk"/>.</param>
    /// <returns>A result that is valid only when every check passed.</returns>
    public static JwsReadResult Read(string compactJws, JwsReadOptions options, KeyResolver? resolver)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(compactJws))
        {
            return JwsReadResult.Fail(JoseError.Malformed, "token is empty");
        }

        if (compactJws.Length > options.MaxTokenLength)
        {
            return JwsReadResult.Fail(JoseError.TooLarge, "token exceeds the maximum length");
        }

        ReadOnlySpan<char> token = compactJws;
        int dots = token.Count('.');
        if (dots == 4)
        {
            return JwsReadResult.Fail(JoseError.Malformed, "encrypted tokens are not accepted");
        }

        if (dots != 2)
        {
            return JwsReadResult.Fail(JoseError.Malformed, "token is not a compact JWS of three segments");
        }

        int firstDot = token.IndexOf('.');
        int secondDot = firstDot + 1 + token[(firstDot + 1)..].IndexOf('.');
        ReadOnlySpan<char> headerText = token[..firstDot];
        ReadOnlySpan<char> payloadText = token[(firstDot + 1)..secondDot];
        ReadOnlySpan<char> signatureText = token[(secondDot + 1)..];

        // Note: an empty signature (an unsecured JWS, RFC 7515 §A.5) is left for the algorithm check to refuse.
        if (headerText.IsEmpty || payloadText.IsEmpty)
        {
            return JwsReadResult.Fail(JoseError.Malformed, "token has an empty header or payload");
        }

        if (!StrictBase64Url.IsValid(headerText) || !StrictBase64Url.IsValid(payloadText) || !StrictBase64Url.IsValid(signatureText))
        {
            return JwsReadResult.Fail(JoseError.Malformed, "token segment is not base64url");
        }

        if (!TryParseSegment(headerText, JsonMembers.Strict, out JsonElement header) || header.ValueKind != JsonValueKind.Object)
        {
            return JwsReadResult.Fail(JoseError.Malformed, "header is not a JSON object without duplicate members");
        }

        if (!header.TryGetProperty("alg"u8, out JsonElement algElement) || !JsonMembers.TryGetString(algElement, out string? alg) || alg is null)
        {
            return JwsReadResult.Fail(JoseError.Malformed, "header has no alg string");
        }

        if (!options.Algorithms.Contains(alg) || !JwsAlgorithm.TryGet(alg, out JwsAlgorithm? algorithm))
        {
            return JwsReadResult.Fail(JoseError.UnsupportedAlgorithm, "algorithm is not allowed");
        }

        // Note: RFC 7515 §4.1.11 — a recipient that does not understand every listed extension must reject the JWS,
        // and Rein implements none. "b64" (RFC 7797) only has meaning as a critical extension, so it is refused too.
        if (header.TryGetProperty("crit"u8, out _) || header.TryGetProperty("b64"u8, out _))
        {
            return JwsReadResult.Fail(JoseError.UnsupportedCriticalHeader, "critical header extensions are not supported");
        }

        if (!JsonMembers.TryGetOptionalString(header, "typ"u8, out string? type) || !IsAcceptedType(type, options.AcceptedTypes))
        {
            return JwsReadResult.Fail(JoseError.InvalidType, "token type is not accepted");
        }

        if (!JsonMembers.TryGetOptionalString(header, "kid"u8, out string? keyId))
        {
            return JwsReadResult.Fail(JoseError.Malformed, "header kid is not a string");
        }

        JsonWebKey? embeddedJwk = null;
        VerificationKey? key;
        if (options.UseEmbeddedJwk)
        {
            if (!header.TryGetProperty("jwk"u8, out JsonElement jwkElement))
            {
                return JwsReadResult.Fail(JoseError.InvalidKey, "header has no jwk");
            }

            if (!EmbeddedKeyCache.TryGet(jwkElement, out string? cacheKey, out embeddedJwk))
            {
                if (!JsonWebKey.TryParse(jwkElement, out embeddedJwk, out _))
                {
                    return JwsReadResult.Fail(JoseError.InvalidKey, "header jwk is not a supported public key");
                }

                if (cacheKey is not null)
                {
                    EmbeddedKeyCache.Add(cacheKey, embeddedJwk);
                }
            }

            if (embeddedJwk.HasPrivateKey)
            {
                return JwsReadResult.Fail(JoseError.InvalidKey, "header jwk contains private key members");
            }

            if (!embeddedJwk.IsCompatibleWith(algorithm))
            {
                return JwsReadResult.Fail(JoseError.InvalidKey, "header jwk does not match the algorithm");
            }

            key = embeddedJwk.ToVerificationKey();
        }
        else
        {
            // Note: RFC 8725 §3.10 — jku/x5u/x5c/jwk are attacker-controlled here and are never consulted.
            key = resolver?.Invoke(keyId, alg);
            if (key is null)
            {
                return JwsReadResult.Fail(JoseError.UnknownKey, "no trusted key matches the token");
            }

            if (!key.IsCompatibleWith(alg))
            {
                return JwsReadResult.Fail(JoseError.InvalidKey, "the resolved key does not match the algorithm");
            }
        }

        if (!VerifySignature(key, alg, token[..secondDot], signatureText))
        {
            return JwsReadResult.Fail(JoseError.InvalidSignature, "signature is invalid");
        }

        // Note: the payload is parsed only once the signature proved who wrote it.
        if (!TryParseSegment(payloadText, JsonMembers.StrictPayload, out JsonElement payload) || payload.ValueKind != JsonValueKind.Object)
        {
            return JwsReadResult.Fail(JoseError.Malformed, "payload is not a JSON object without duplicate members");
        }

        return JwsReadResult.Success(alg, keyId, type, header, payload, embeddedJwk, key);
    }

    private static bool IsAcceptedType(string? type, IReadOnlyList<string> acceptedTypes)
    {
        if (acceptedTypes.Count == 0)
        {
            // Note: RFC 7519 §5.1 — a plain JWT either omits typ or says "JWT".
            return type is null || JoseMediaType.AreEquivalent(type, "JWT");
        }

        if (type is null)
        {
            // Note: an untyped token is a plain JWT (RFC 7519 §5.1), acceptable only where "JWT" is; explicitly typed
            // uses (at+jwt, dpop+jwt, secevent+jwt) never list "JWT", so they still require their own typ.
            for (int i = 0; i < acceptedTypes.Count; i++)
            {
                if (JoseMediaType.AreEquivalent(acceptedTypes[i], "JWT"))
                {
                    return true;
                }
            }

            return false;
        }

        for (int i = 0; i < acceptedTypes.Count; i++)
        {
            if (JoseMediaType.AreEquivalent(type, acceptedTypes[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryParseSegment(ReadOnlySpan<char> text, JsonDocumentOptions jsonOptions, out JsonElement element)
    {
        int length = StrictBase64Url.DecodedLength(text.Length);
        byte[]? rented = null;
        Span<byte> buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            // Note: RFC 7515 §4 and RFC 8259 §8.1 — JSON text is UTF-8; invalid bytes would otherwise only surface
            // later, as exceptions from reading a string.
            if (!StrictBase64Url.TryDecode(text, buffer, out int written) || !Utf8.IsValid(buffer[..written]))
            {
                element = default;
                return false;
            }

            // Note: JsonElement.Parse copies into a document of its own that never returns memory to a pool,
            // so the element outlives this buffer and needs no disposal.
            element = JsonElement.Parse(buffer[..written], jsonOptions);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a member name that is an escaped lone surrogate, met by the duplicate check.
            element = default;
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool VerifySignature(VerificationKey key, string alg, ReadOnlySpan<char> signingInputText, ReadOnlySpan<char> signatureText)
    {
        int signatureLength = StrictBase64Url.DecodedLength(signatureText.Length);
        if (signatureLength > MaxSignatureLength)
        {
            return false;
        }

        Span<byte> signature = stackalloc byte[MaxSignatureLength];
        if (!StrictBase64Url.TryDecode(signatureText, signature, out int signatureWritten))
        {
            return false;
        }

        byte[]? rented = null;
        Span<byte> signingInput = signingInputText.Length <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(signingInputText.Length));
        try
        {
            // Note: RFC 7515 §5.2 — the signing input is the ASCII of the first two segments as received; they were
            // checked to be base64url, so the conversion cannot fail.
            if (Ascii.FromUtf16(signingInputText, signingInput, out int inputWritten) != OperationStatus.Done)
            {
                return false;
            }

            return key.Verify(alg, signingInput[..inputWritten], signature[..signatureWritten]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
