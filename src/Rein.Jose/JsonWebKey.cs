using System.Buffers.Text;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Rein.Jose;

/// <summary>
/// An immutable JSON Web Key (RFC 7517) for signatures: EC on P-256, P-384 or P-521, or RSA with a modulus of
/// 2048 to 8192 bits. Parsing is strict (RFC 7518 §6): exact coordinate lengths, minimal integers, canonical base64url,
/// no duplicate members. The public key is validated when the JWK is parsed, not when it is first used.
/// </summary>
public sealed class JsonWebKey
{
    /// <summary>The largest UTF-8 JWK <see cref="TryParse(ReadOnlySpan{byte}, out JsonWebKey?, out string?)"/> accepts.</summary>
    public const int MaxJsonLength = 32 * 1024;

    internal const string EcKeyType = "EC";
    internal const string RsaKeyType = "RSA";
    private const int MinRsaBits = 2048;
    private const int MaxRsaBits = 8192;
    private const int MaxExponentBytes = 4;

    // Note: the canonical base64url strings of the public members, kept for RFC 7638 thumbprints and for writing.
    private readonly string _first;   // EC x, RSA n
    private readonly string _second;  // EC y, RSA e
    private readonly string[]? _keyOps;
    private readonly VerificationKey _verificationKey;

    private JsonWebKey(
        string keyType,
        JsonWebKeyCurve? curve,
        string first,
        byte[] firstBytes,
        string second,
        byte[] secondBytes,
        PrivateKeyMaterial? privateKey,
        string? keyId,
        string? algorithm,
        string? use,
        string[]? keyOps)
    {
        KeyType = keyType;
        EcCurve = curve;
        _first = first;
        _second = second;
        FirstBytes = firstBytes;
        SecondBytes = secondBytes;
        PrivateKey = privateKey;
        KeyId = keyId;
        Algorithm = algorithm;
        Use = use;
        _keyOps = keyOps;
        Thumbprint = ComputeThumbprint();

        // Note: importing the public key here validates it (an EC point must lie on its curve), so a JWK that parses
        // is a JWK that can verify; the object is then shared by every verification with this key.
        _verificationKey = new VerificationKey(this);
    }

    /// <summary>The <c>kty</c> member: <c>EC</c> or <c>RSA</c>.</summary>
    public string KeyType { get; }

    /// <summary>The <c>crv</c> member for EC keys; null for RSA.</summary>
    public string? Curve => EcCurve?.Name;

    /// <summary>The <c>kid</c> member, if any.</summary>
    public string? KeyId { get; }

    /// <summary>The <c>alg</c> member, if any. When set, the key is only compatible with that algorithm.</summary>
    public string? Algorithm { get; }

    /// <summary>The <c>use</c> member, if any. When set, it must be <c>sig</c> for the key to be compatible with any algorithm.</summary>
    public string? Use { get; }

    /// <summary>True when any private member is present (EC <c>d</c>; RSA <c>d</c>, <c>p</c>, <c>q</c>, <c>dp</c>, <c>dq</c>, <c>qi</c>).</summary>
    public bool HasPrivateKey => PrivateKey is not null;

    /// <summary>The RFC 7638 JWK SHA-256 thumbprint, base64url encoded.</summary>
    public string Thumbprint { get; }

    internal JsonWebKeyCurve? EcCurve { get; }

    /// <summary>EC x, or the RSA modulus.</summary>
    internal byte[] FirstBytes { get; }

    /// <summary>EC y, or the RSA public exponent.</summary>
    internal byte[] SecondBytes { get; }

    internal PrivateKeyMaterial? PrivateKey { get; }

    internal bool IsEc => EcCurve is not null;

    /// <summary>Parses one JWK from a JSON object.</summary>
    /// <param name="json">The JWK object.</param>
    /// <param name="key">The key, when the JWK is valid and supported.</param>
    /// <param name="error">Why the JWK was refused; never contains input values.</param>
    public static bool TryParse(JsonElement json, [NotNullWhen(true)] out JsonWebKey? key, [NotNullWhen(false)] out string? error)
    {
        JsonWebKeyParseStatus status = TryParseCore(json, out key, out error);
        if (status == JsonWebKeyParseStatus.Ok)
        {
            Debug.Assert(key is not null);
            error = null;
            return true;
        }

        key = null;
        error ??= "unsupported key";
        return false;
    }

    /// <summary>Parses one JWK from UTF-8 JSON (at most <see cref="MaxJsonLength"/> bytes).</summary>
    /// <param name="utf8Json">The JWK as UTF-8 JSON.</param>
    /// <param name="key">The key, when the JWK is valid and supported.</param>
    /// <param name="error">Why the JWK was refused; never contains input values.</param>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out JsonWebKey? key, [NotNullWhen(false)] out string? error)
    {
        if (utf8Json.Length > MaxJsonLength)
        {
            key = null;
            error = "JWK is too large";
            return false;
        }

        JsonElement json;
        try
        {
            json = JsonElement.Parse(utf8Json, JsonMembers.Strict);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            key = null;
            error = "JWK is not valid JSON or has duplicate members";
            return false;
        }

        return TryParse(json, out key, out error);
    }

    /// <summary>
    /// True when this key can produce or check signatures with <paramref name="alg"/>: ES256 with P-256, ES384 with
    /// P-384, ES512 with P-521, RS*/PS* with RSA; the key's own <c>alg</c>, when set, must equal it; <c>use</c>, when
    /// set, must be <c>sig</c>; <c>key_ops</c>, when set, must allow signing or verifying.
    /// </summary>
    /// <param name="alg">A JWS algorithm name.</param>
    public bool IsCompatibleWith(string alg) => JwsAlgorithm.TryGet(alg, out JwsAlgorithm? algorithm) && IsCompatibleWith(algorithm);

    /// <summary>The public part of this key, ready to verify. The instance is shared and owned by this JWK.</summary>
    public VerificationKey ToVerificationKey() => _verificationKey;

    /// <summary>
    /// Writes the public JWK: the key type's public members plus <c>kid</c>, <c>alg</c> and <c>use</c> when present.
    /// Private members are never written.
    /// </summary>
    /// <param name="writer">The writer to write one JSON object to.</param>
    public void WritePublicJwk(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("kty"u8, KeyType);
        if (EcCurve is not null)
        {
            writer.WriteString("crv"u8, EcCurve.Name);
            writer.WriteString("x"u8, _first);
            writer.WriteString("y"u8, _second);
        }
        else
        {
            writer.WriteString("n"u8, _first);
            writer.WriteString("e"u8, _second);
        }

        if (KeyId is not null)
        {
            writer.WriteString("kid"u8, KeyId);
        }

        if (Algorithm is not null)
        {
            writer.WriteString("alg"u8, Algorithm);
        }

        if (Use is not null)
        {
            writer.WriteString("use"u8, Use);
        }

        writer.WriteEndObject();
    }

    internal bool IsCompatibleWith(JwsAlgorithm algorithm)
    {
        if (Algorithm is not null && !string.Equals(Algorithm, algorithm.Name, StringComparison.Ordinal))
        {
            return false;
        }

        if (Use is not null && !string.Equals(Use, "sig", StringComparison.Ordinal))
        {
            return false;
        }

        if (_keyOps is not null && Array.IndexOf(_keyOps, "verify") < 0 && Array.IndexOf(_keyOps, "sign") < 0)
        {
            return false;
        }

        return algorithm.IsEcdsa ? ReferenceEquals(EcCurve, algorithm.Curve) : EcCurve is null;
    }

    /// <summary>A public JWK for a key Rein generated or imported, with the given <c>kid</c> and <c>alg</c>.</summary>
    internal static JsonWebKey FromPublicParameters(JsonWebKeyCurve curve, byte[] x, byte[] y, string? keyId, string? algorithm) =>
        new(EcKeyType, curve, Base64Url.EncodeToString(x), x, Base64Url.EncodeToString(y), y, null, keyId, algorithm, null, null);

    /// <inheritdoc cref="FromPublicParameters(JsonWebKeyCurve, byte[], byte[], string?, string?)"/>
    internal static JsonWebKey FromPublicParameters(byte[] modulus, byte[] exponent, string? keyId, string? algorithm)
    {
        // Note: RFC 7518 §6.3.1 wants minimal big-endian integers; .NET may hand back a leading zero.
        modulus = TrimLeadingZeros(modulus);
        exponent = TrimLeadingZeros(exponent);
        return new(RsaKeyType, null, Base64Url.EncodeToString(modulus), modulus, Base64Url.EncodeToString(exponent), exponent, null, keyId, algorithm, null, null);
    }

    /// <summary>This key's public members with a different <c>kid</c> and <c>alg</c>.</summary>
    internal JsonWebKey WithPublicIdentity(string keyId, string algorithm) =>
        new(KeyType, EcCurve, _first, FirstBytes, _second, SecondBytes, null, keyId, algorithm, null, null);

    internal static JsonWebKeyParseStatus TryParseCore(JsonElement json, out JsonWebKey? key, out string? error)
    {
        key = null;
        if (json.ValueKind != JsonValueKind.Object)
        {
            error = "JWK must be a JSON object";
            return JsonWebKeyParseStatus.Invalid;
        }

        if (JsonMembers.HasDuplicateNames(json))
        {
            error = "JWK has duplicate members";
            return JsonWebKeyParseStatus.Invalid;
        }

        if (!JsonMembers.TryGetOptionalString(json, "kty", out string? keyType) || keyType is null)
        {
            error = "JWK has no kty string";
            return JsonWebKeyParseStatus.Invalid;
        }

        if (!JsonMembers.TryGetOptionalString(json, "kid", out string? keyId)
            || !JsonMembers.TryGetOptionalString(json, "alg", out string? algorithm)
            || !JsonMembers.TryGetOptionalString(json, "use", out string? use))
        {
            error = "JWK kid, alg and use must be strings";
            return JsonWebKeyParseStatus.Invalid;
        }

        if (!TryReadKeyOps(json, out string[]? keyOps))
        {
            error = "JWK key_ops must be an array of distinct strings";
            return JsonWebKeyParseStatus.Invalid;
        }

        try
        {
            return keyType switch
            {
                EcKeyType => TryParseEc(json, keyId, algorithm, use, keyOps, out key, out error),
                RsaKeyType => TryParseRsa(json, keyId, algorithm, use, keyOps, out key, out error),
                _ => Unsupported(out error, "unsupported key type"),
            };
        }
        catch (InvalidOperationException)
        {
            key = null;
            error = "JWK is not valid JSON text";
            return JsonWebKeyParseStatus.Invalid;
        }
        catch (CryptographicException)
        {
            key = null;
            error = keyType == EcKeyType ? "EC public key is not a valid point on the curve" : "RSA public key is not usable";
            return JsonWebKeyParseStatus.Invalid;
        }
    }

    private static JsonWebKeyParseStatus TryParseEc(
        JsonElement json, string? keyId, string? algorithm, string? use, string[]? keyOps, out JsonWebKey? key, out string? error)
    {
        key = null;
        if (!JsonMembers.TryGetOptionalString(json, "crv", out string? curveName) || curveName is null)
        {
            error = "EC JWK has no crv string";
            return JsonWebKeyParseStatus.Invalid;
        }

        JsonWebKeyCurve? curve = JsonWebKeyCurves.Find(curveName);
        if (curve is null)
        {
            return Unsupported(out error, "unsupported EC curve");
        }

        if (!TryReadFixed(json, "x", curve.FieldSize, required: true, out string? x, out byte[]? xBytes)
            || !TryReadFixed(json, "y", curve.FieldSize, required: true, out string? y, out byte[]? yBytes))
        {
            error = "EC JWK x and y must be base64url coordinates of the curve's size";
            return JsonWebKeyParseStatus.Invalid;
        }

        if (!TryReadFixed(json, "d", curve.FieldSize, required: false, out _, out byte[]? d))
        {
            error = "EC JWK d must be a base64url integer of the curve's size";
            return JsonWebKeyParseStatus.Invalid;
        }

        if (!curve.Contains(xBytes!, yBytes!))
        {
            error = "EC public key is not a valid point on the curve";
            return JsonWebKeyParseStatus.Invalid;
        }

        PrivateKeyMaterial? privateKey = d is null ? null : new PrivateKeyMaterial(d);
        key = new JsonWebKey(EcKeyType, curve, x!, xBytes!, y!, yBytes!, privateKey, keyId, algorithm, use, keyOps);
        error = null;
        return JsonWebKeyParseStatus.Ok;
    }

    private static JsonWebKeyParseStatus TryParseRsa(
        JsonElement json, string? keyId, string? algorithm, string? use, string[]? keyOps, out JsonWebKey? key, out string? error)
    {
        key = null;
        if (json.TryGetProperty("oth", out _))
        {
            error = "multi-prime RSA keys are not supported";
            return JsonWebKeyParseStatus.Invalid;
        }

        if (!TryReadUInt(json, "n", MaxRsaBits / 8, out string? n, out byte[]? modulus) || modulus is null)
        {
            error = "RSA JWK n must be a minimal base64url integer of at most 8192 bits";
            return JsonWebKeyParseStatus.Invalid;
        }

        int bits = (modulus.Length * 8) - (BitOperations.LeadingZeroCount((uint)modulus[0]) - 24);
        if (bits < MinRsaBits || (modulus[^1] & 1) == 0)
        {
            error = "RSA modulus must be odd and at least 2048 bits";
            return JsonWebKeyParseStatus.Invalid;
        }

        if (!TryReadUInt(json, "e", MaxExponentBytes, out string? e, out byte[]? exponent) || exponent is null
            || (exponent[^1] & 1) == 0 || (exponent.Length == 1 && exponent[0] < 3))
        {
            error = "RSA JWK e must be a minimal base64url odd integer of at least 3";
            return JsonWebKeyParseStatus.Invalid;
        }

        int halfLength = (modulus.Length + 1) / 2;
        if (!TryReadPrivateUInt(json, "d", modulus.Length, out byte[]? d)
            || !TryReadPrivateUInt(json, "p", halfLength, out byte[]? p)
            || !TryReadPrivateUInt(json, "q", halfLength, out byte[]? q)
            || !TryReadPrivateUInt(json, "dp", halfLength, out byte[]? dp)
            || !TryReadPrivateUInt(json, "dq", halfLength, out byte[]? dq)
            || !TryReadPrivateUInt(json, "qi", halfLength, out byte[]? qi))
        {
            error = "RSA JWK private members must be base64url integers that fit the modulus";
            return JsonWebKeyParseStatus.Invalid;
        }

        PrivateKeyMaterial? privateKey = null;
        bool anyCrt = p is not null || q is not null || dp is not null || dq is not null || qi is not null;
        bool allCrt = p is not null && q is not null && dp is not null && dq is not null && qi is not null;
        if (d is not null || anyCrt)
        {
            // Note: RFC 7518 §6.3.2 — "d" is required for a private key, and the CRT members come all or none.
            if (d is null || (anyCrt && !allCrt))
            {
                error = "RSA JWK private key is incomplete";
                return JsonWebKeyParseStatus.Invalid;
            }

            privateKey = new PrivateKeyMaterial(d, p, q, dp, dq, qi);
        }

        key = new JsonWebKey(RsaKeyType, null, n!, modulus, e!, exponent, privateKey, keyId, algorithm, use, keyOps);
        error = null;
        return JsonWebKeyParseStatus.Ok;
    }

    private static JsonWebKeyParseStatus Unsupported(out string? error, string text)
    {
        error = text;
        return JsonWebKeyParseStatus.Unsupported;
    }

    private static bool TryReadKeyOps(JsonElement json, out string[]? keyOps)
    {
        keyOps = null;
        if (!json.TryGetProperty("key_ops", out JsonElement element))
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() > 8)
        {
            return false;
        }

        var ops = new string[element.GetArrayLength()];
        int i = 0;
        foreach (JsonElement op in element.EnumerateArray())
        {
            if (!JsonMembers.TryGetString(op, out string? value) || value is null)
            {
                return false;
            }

            if (Array.IndexOf(ops, value, 0, i) >= 0)
            {
                return false;
            }

            ops[i++] = value;
        }

        keyOps = ops;
        return true;
    }

    /// <summary>Reads a fixed-length base64url member (EC coordinates and <c>d</c>, RFC 7518 §6.2.1.2).</summary>
    private static bool TryReadFixed(JsonElement json, string name, int length, bool required, out string? text, out byte[]? bytes)
    {
        bytes = null;
        if (!JsonMembers.TryGetOptionalString(json, name, out text))
        {
            return false;
        }

        if (text is null)
        {
            return !required;
        }

        if (StrictBase64Url.DecodedLength(text.Length) != length)
        {
            return false;
        }

        bytes = StrictBase64Url.Decode(text);
        return bytes is not null;
    }

    /// <summary>Reads a required public Base64urlUInt (RFC 7518 §2): non-empty, minimal, at most <paramref name="maxLength"/> bytes.</summary>
    private static bool TryReadUInt(JsonElement json, string name, int maxLength, out string? text, out byte[]? bytes)
    {
        bytes = null;
        if (!JsonMembers.TryGetOptionalString(json, name, out text) || text is null || text.Length == 0)
        {
            return false;
        }

        if (StrictBase64Url.DecodedLength(text.Length) > maxLength)
        {
            return false;
        }

        bytes = StrictBase64Url.Decode(text);
        return bytes is { Length: > 0 } && bytes[0] != 0;
    }

    /// <summary>Reads an optional private Base64urlUInt and left-pads it to <paramref name="length"/> bytes, the layout .NET wants.</summary>
    private static bool TryReadPrivateUInt(JsonElement json, string name, int length, out byte[]? bytes)
    {
        bytes = null;
        if (!JsonMembers.TryGetOptionalString(json, name, out string? text))
        {
            return false;
        }

        if (text is null)
        {
            return true;
        }

        if (text.Length == 0 || StrictBase64Url.DecodedLength(text.Length) > length + 1)
        {
            return false;
        }

        byte[]? raw = StrictBase64Url.Decode(text);
        if (raw is null)
        {
            return false;
        }

        ReadOnlySpan<byte> value = raw.AsSpan().TrimStart((byte)0);
        if (value.Length > length)
        {
            CryptographicOperations.ZeroMemory(raw);
            return false;
        }

        bytes = new byte[length];
        value.CopyTo(bytes.AsSpan(length - value.Length));
        CryptographicOperations.ZeroMemory(raw);
        return true;
    }

    private static byte[] TrimLeadingZeros(byte[] value)
    {
        int zeros = value.AsSpan().IndexOfAnyExcept((byte)0);
        return zeros <= 0 ? value : value[zeros..];
    }

    private string ComputeThumbprint()
    {
        // Note: RFC 7638 §3.2 — only the required members, in lexicographic order, no whitespace. The values are
        // canonical base64url (validated or produced here), so they need no JSON escaping.
        string canonical = IsEc
            ? $$"""{"crv":"{{EcCurve!.Name}}","kty":"EC","x":"{{_first}}","y":"{{_second}}"}"""
            : $$"""{"e":"{{_second}}","kty":"RSA","n":"{{_first}}"}""";
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(canonical), hash);
        return Base64Url.EncodeToString(hash);
    }
}
