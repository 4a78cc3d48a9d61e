using System.Buffers;
using System.Buffers.Text;
using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Rein.Jose.DPoP;

/// <summary>
/// Checks a DPoP proof exactly as RFC 9449 §4.3 lists: one well-formed JWS with <c>typ</c> <c>dpop+jwt</c>, an allowed
/// asymmetric <c>alg</c>, a public <c>jwk</c> that verifies it, <c>jti</c>, <c>htm</c>, <c>htu</c>, <c>iat</c> within the
/// window, <c>ath</c> when an access token is presented, the server nonce when nonces are in use, and finally that the
/// <c>jti</c> was not seen before for this key.
/// </summary>
public sealed class DPoPProofValidator
{
    /// <summary>The <c>typ</c> of a DPoP proof (RFC 9449 §4.2).</summary>
    public const string ProofType = "dpop+jwt";

    private const int MaxJwtIdLength = 256;
    private const int MaxAccessTokenLength = 16 * 1024;

    private readonly DPoPOptions _options;
    private readonly ReplayCache _replay;
    private readonly TimeProvider _time;
    private readonly JwsReadOptions _readOptions;

    // Note: a server validates proofs for a handful of URIs (one per tool path, the token endpoint); the last one's
    // normal form is kept, for each way of passing the URI.
    private Tuple<Uri, string?>? _lastUri;
    private Tuple<string, string?>? _lastTarget;

    /// <summary>Creates a validator.</summary>
    /// <param name="options">What proofs are accepted.</param>
    /// <param name="replay">Where used <c>jti</c>s are remembered; share one per process.</param>
    /// <param name="time">The clock.</param>
    public DPoPProofValidator(DPoPOptions options, ReplayCache replay, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(replay);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.MaxAge, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FutureSkew, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxProofLength, 1, nameof(options));

        // Note: RFC 9449 §4.3 check 5 — only asymmetric algorithms, whatever the configuration says.
        FrozenSet<string> algorithms = options.Algorithms.Where(JwsAlgorithms.AllAsymmetric.Contains).ToFrozenSet(StringComparer.Ordinal);
        if (algorithms.Count == 0)
        {
            throw new ArgumentException("No asymmetric DPoP algorithm is allowed.", nameof(options));
        }

        _options = options;
        _replay = replay;
        _time = time;
        _readOptions = new JwsReadOptions
        {
            Algorithms = algorithms,
            AcceptedTypes = [ProofType],
            MaxTokenLength = options.MaxProofLength,
            UseEmbeddedJwk = true,
        };
    }

    /// <summary>Validates one DPoP proof for one request.</summary>
    /// <param name="proof">The single <c>DPoP</c> header value; null when the request had none (the caller refuses several).</param>
    /// <param name="method">The request method, e.g. <c>POST</c>.</param>
    /// <param name="requestUri">The absolute request URI as the server sees it; query and fragment are ignored.</param>
    /// <param name="accessToken">The access token presented with the proof, or null at the token endpoint.</param>
    /// <param name="nonces">The server nonce source when nonces are required; null otherwise.</param>
    public DPoPResult Validate(string? proof, string method, Uri requestUri, string? accessToken, DPoPNonces? nonces)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(requestUri);
        if (!requestUri.IsAbsoluteUri)
        {
            throw new ArgumentException("The request URI must be absolute.", nameof(requestUri));
        }

        if (accessToken is null)
        {
            return Validate(proof, method, NormalizedTarget(requestUri), default, hasAccessToken: false, nonces);
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        bool hashed = TryHashAccessToken(accessToken, hash);
        return Validate(proof, method, NormalizedTarget(requestUri), hashed ? hash : default, hasAccessToken: true, nonces);
    }

    /// <summary>
    /// Validates one DPoP proof for a request to a protected resource whose access token was already hashed, as a
    /// resource server does to look the token up: <c>ath</c> is checked against <paramref name="accessTokenSha256"/>
    /// instead of hashing the token a second time.
    /// </summary>
    /// <param name="proof">The single <c>DPoP</c> header value; null when the request had none (the caller refuses several).</param>
    /// <param name="method">The request method, e.g. <c>GET</c>.</param>
    /// <param name="requestUri">The absolute http(s) request URI as the server publishes it (scheme, authority, escaped path); query and fragment are ignored.</param>
    /// <param name="accessTokenSha256">SHA-256 of the ASCII of the presented access token (32 bytes; the caller has checked the token is ASCII).</param>
    /// <param name="nonces">The server nonce source when nonces are required; null otherwise.</param>
    public DPoPResult Validate(string? proof, string method, string requestUri, ReadOnlySpan<byte> accessTokenSha256, DPoPNonces? nonces)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(requestUri);
        if (accessTokenSha256.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("The access token hash must be a SHA-256.", nameof(accessTokenSha256));
        }

        return Validate(proof, method, NormalizedTarget(requestUri), accessTokenSha256, hasAccessToken: true, nonces);
    }

    // Note: an empty accessTokenSha256 with hasAccessToken means the token could not be hashed (too large or not
    // ASCII): every ath is then refused.
    private DPoPResult Validate(string? proof, string method, string? target, ReadOnlySpan<byte> accessTokenSha256, bool hasAccessToken, DPoPNonces? nonces)
    {
        // Checks 1–6 (RFC 9449 §4.3): one proof, well-formed JWS, typ, allowed alg, signature by the public header jwk.
        if (string.IsNullOrEmpty(proof))
        {
            return DPoPResult.Invalid("DPoP proof is missing");
        }

        JwsReadResult jws = JwsReader.Read(proof, _readOptions, resolver: null);
        if (!jws.IsValid)
        {
            return DPoPResult.Invalid(jws.Error switch
            {
                JoseError.TooLarge => "DPoP proof is too large",
                JoseError.UnsupportedAlgorithm => "DPoP proof algorithm is not allowed",
                JoseError.InvalidType => "DPoP proof typ must be dpop+jwt",
                JoseError.InvalidKey => "DPoP proof jwk must be a supported public key matching alg",
                JoseError.InvalidSignature => "DPoP proof signature is invalid",
                JoseError.UnsupportedCriticalHeader => "DPoP proof has unsupported critical headers",
                _ => "DPoP proof is malformed",
            });
        }

        JsonElement claims = jws.Payload;
        JsonWebKey jwk = jws.EmbeddedJwk!;

        // Check 7: jti, htm, htu, iat present; then each compared in turn (checks 8–11).
        if (!JsonMembers.TryGetOptionalString(claims, "jti"u8, out string? jwtId) || string.IsNullOrEmpty(jwtId) || jwtId.Length > MaxJwtIdLength)
        {
            return DPoPResult.Invalid("DPoP proof jti is missing or invalid");
        }

        if (!claims.TryGetProperty("htm"u8, out JsonElement htm) || !JsonMembers.StringEquals(htm, method))
        {
            return DPoPResult.Invalid("DPoP proof htm does not match the request method");
        }

        if (!JsonMembers.TryGetOptionalString(claims, "htu"u8, out string? htu) || htu is null || !HtuMatches(htu, target))
        {
            return DPoPResult.Invalid("DPoP proof htu does not match the request URI");
        }

        if (!claims.TryGetProperty("iat"u8, out JsonElement iatElement) || !NumericDate.TryRead(iatElement, out DateTimeOffset issuedAt))
        {
            return DPoPResult.Invalid("DPoP proof iat is missing or not a NumericDate");
        }

        DateTimeOffset now = _time.GetUtcNow();
        if (issuedAt < now - _options.MaxAge)
        {
            return DPoPResult.Invalid("DPoP proof is too old");
        }

        if (issuedAt > now + _options.FutureSkew)
        {
            return DPoPResult.Invalid("DPoP proof is issued in the future");
        }

        // Check 12 (resource access): ath is the hash of the presented access token.
        if (hasAccessToken)
        {
            if (!JsonMembers.TryGetOptionalString(claims, "ath"u8, out string? ath) || ath is null)
            {
                return DPoPResult.Invalid("DPoP proof ath is missing");
            }

            if (!AthMatches(ath, accessTokenSha256))
            {
                return DPoPResult.Invalid("DPoP proof ath does not match the access token");
            }
        }

        // Check 10 / §8: the server nonce, reported as use_dpop_nonce so the client retries with a fresh one.
        if (nonces is not null)
        {
            if (!claims.TryGetProperty("nonce"u8, out JsonElement nonce))
            {
                return DPoPResult.NonceRequired("DPoP nonce is required");
            }

            if (!JsonMembers.TryGetString(nonce, out string? nonceValue) || !nonces.IsValid(nonceValue))
            {
                return DPoPResult.NonceRequired("DPoP nonce is invalid or expired");
            }
        }

        // §11.1: single use, checked last so that a proof refused for any other reason does not burn its jti.
        string thumbprint = jwk.Thumbprint;
        Span<char> replayKey = stackalloc char[thumbprint.Length + 1 + jwtId.Length];
        thumbprint.CopyTo(replayKey);
        replayKey[thumbprint.Length] = ':';
        jwtId.CopyTo(replayKey[(thumbprint.Length + 1)..]);
        if (!_replay.TryAdd(replayKey, issuedAt + _options.MaxAge + _options.FutureSkew))
        {
            return DPoPResult.Invalid("DPoP proof has been used before");
        }

        return DPoPResult.Valid(jwk.Thumbprint, jwtId, issuedAt, jwk);
    }

    private static bool HtuMatches(string htu, string? actual)
    {
        if (actual is null) return false;
        // Note: a normal form is a fixed point of normalisation (HttpTargetUriTests), so a claim already equal to the
        // request's normal form matches without being normalised again: what a client sending the URI it called does.
        if (string.Equals(htu, actual, StringComparison.Ordinal)) return true;
        string? claimed = HttpTargetUri.Normalize(htu);
        return claimed is not null && string.Equals(claimed, actual, StringComparison.Ordinal);
    }

    private string? NormalizedTarget(Uri requestUri)
    {
        Tuple<Uri, string?>? last = Volatile.Read(ref _lastUri);
        if (last is not null && (ReferenceEquals(last.Item1, requestUri) ||
            string.Equals(last.Item1.OriginalString, requestUri.OriginalString, StringComparison.Ordinal)))
        {
            return last.Item2;
        }

        string? normalized = HttpTargetUri.Normalize(requestUri.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped));
        Volatile.Write(ref _lastUri, Tuple.Create(requestUri, normalized));
        return normalized;
    }

    private string? NormalizedTarget(string requestUri)
    {
        Tuple<string, string?>? last = Volatile.Read(ref _lastTarget);
        if (last is not null && string.Equals(last.Item1, requestUri, StringComparison.Ordinal))
        {
            return last.Item2;
        }

        string? normalized = HttpTargetUri.Normalize(requestUri);
        Volatile.Write(ref _lastTarget, Tuple.Create(requestUri, normalized));
        return normalized;
    }

    private static bool TryHashAccessToken(string accessToken, Span<byte> hash)
    {
        if (accessToken.Length > MaxAccessTokenLength || !Ascii.IsValid(accessToken))
        {
            return false;
        }

        // Note: RFC 9449 §4.2 — ath = base64url(SHA-256(ASCII(access token))).
        byte[]? rented = null;
        Span<byte> ascii = accessToken.Length <= 4096 ? stackalloc byte[4096] : (rented = ArrayPool<byte>.Shared.Rent(accessToken.Length));
        try
        {
            int written = Encoding.ASCII.GetBytes(accessToken, ascii);
            SHA256.HashData(ascii[..written], hash);
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool AthMatches(string ath, ReadOnlySpan<byte> accessTokenSha256)
    {
        if (accessTokenSha256.Length != SHA256.HashSizeInBytes)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[Base64Url.GetEncodedLength(SHA256.HashSizeInBytes)];
        Base64Url.EncodeToUtf8(accessTokenSha256, expected);
        if (ath.Length != expected.Length || !Ascii.IsValid(ath))
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[expected.Length];
        Encoding.ASCII.GetBytes(ath, presented);
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }
}
