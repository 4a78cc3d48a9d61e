using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Rein.Jose;

/// <summary>
/// An immutable JWK Set (RFC 7517 §5) of signature keys. Keys of a type or curve Rein does not support are skipped, as
/// §5 asks; a supported key that is malformed makes the whole set invalid.
/// </summary>
public sealed class JsonWebKeySet
{
    /// <summary>The most entries a set may have.</summary>
    public const int MaxKeys = 64;

    /// <summary>The largest UTF-8 JWK Set accepted.</summary>
    public const int MaxJsonLength = 512 * 1024;

    private readonly JsonWebKey[] _keys;

    private JsonWebKeySet(JsonWebKey[] keys) => _keys = keys;

    /// <summary>The supported keys, in document order.</summary>
    public IReadOnlyList<JsonWebKey> Keys => _keys;

    /// <summary>Parses <c>{"keys":[...]}</c>.</summary>
    /// <param name="json">The JWK Set object.</param>
    /// <param name="requirePublicKeys">Refuse the set when any key has private members (for published or configured trust keys).</param>
    /// <param name="set">The set, when valid.</param>
    /// <param name="error">Why the set was refused; never contains input values.</param>
    public static bool TryParse(JsonElement json, bool requirePublicKeys, [NotNullWhen(true)] out JsonWebKeySet? set, [NotNullWhen(false)] out string? error)
    {
        set = null;
        if (json.ValueKind != JsonValueKind.Object || JsonMembers.HasDuplicateNames(json))
        {
            error = "JWK Set must be a JSON object without duplicate members";
            return false;
        }

        if (!json.TryGetProperty("keys", out JsonElement keys) || keys.ValueKind != JsonValueKind.Array)
        {
            error = "JWK Set has no keys array";
            return false;
        }

        int count = keys.GetArrayLength();
        if (count > MaxKeys)
        {
            error = "JWK Set has too many keys";
            return false;
        }

        var parsed = new List<JsonWebKey>(count);
        int index = 0;
        foreach (JsonElement entry in keys.EnumerateArray())
        {
            JsonWebKeyParseStatus status = JsonWebKey.TryParseCore(entry, out JsonWebKey? key, out string? keyError);
            if (status == JsonWebKeyParseStatus.Invalid)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"key {index}: {keyError}");
                return false;
            }

            if (status == JsonWebKeyParseStatus.Ok)
            {
                if (requirePublicKeys && key!.HasPrivateKey)
                {
                    error = string.Create(CultureInfo.InvariantCulture, $"key {index}: private key members are not allowed");
                    return false;
                }

                parsed.Add(key!);
            }

            index++;
        }

        set = new JsonWebKeySet([.. parsed]);
        error = null;
        return true;
    }

    /// <summary>Parses a UTF-8 JWK Set of at most <see cref="MaxJsonLength"/> bytes.</summary>
    /// <param name="utf8Json">The JWK Set as UTF-8 JSON.</param>
    /// <param name="requirePublicKeys">Refuse the set when any key has private members.</param>
    /// <param name="set">The set, when valid.</param>
    /// <param name="error">Why the set was refused; never contains input values.</param>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, bool requirePublicKeys, [NotNullWhen(true)] out JsonWebKeySet? set, [NotNullWhen(false)] out string? error)
    {
        set = null;
        if (utf8Json.Length > MaxJsonLength)
        {
            error = "JWK Set is too large";
            return false;
        }

        JsonElement json;
        try
        {
            json = JsonElement.Parse(utf8Json, JsonMembers.Strict);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            error = "JWK Set is not valid JSON or has duplicate members";
            return false;
        }

        return TryParse(json, requirePublicKeys, out set, out error);
    }

    /// <summary>
    /// Finds the key for a JWS header: with a <paramref name="kid"/>, the one key with that kid that is compatible with
    /// <paramref name="alg"/>; without one, the only compatible key when exactly one fits. Null otherwise (including
    /// when the match is ambiguous).
    /// </summary>
    /// <param name="kid">The header's <c>kid</c>, or null.</param>
    /// <param name="alg">The header's <c>alg</c>.</param>
    public VerificationKey? Resolve(string? kid, string alg)
    {
        if (!JwsAlgorithm.TryGet(alg, out JwsAlgorithm? algorithm))
        {
            return null;
        }

        JsonWebKey? match = null;
        foreach (JsonWebKey key in _keys)
        {
            if ((kid is not null && !string.Equals(key.KeyId, kid, StringComparison.Ordinal)) || !key.IsCompatibleWith(algorithm))
            {
                continue;
            }

            if (match is not null)
            {
                return null;
            }

            match = key;
        }

        return match?.ToVerificationKey();
    }

    /// <summary>Writes <c>{"keys":[...]}</c> with the public members of every key.</summary>
    /// <param name="writer">The writer to write one JSON object to.</param>
    public void WritePublicJwks(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteStartArray("keys"u8);
        foreach (JsonWebKey key in _keys)
        {
            key.WritePublicJwk(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The public JWKS as JSON text (for configuration files and tests).</summary>
    public string ToPublicJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WritePublicJwks(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A set of the given keys (for example the public keys of a key ring).</summary>
    /// <param name="keys">At most <see cref="MaxKeys"/> keys.</param>
    public static JsonWebKeySet Create(IEnumerable<JsonWebKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        JsonWebKey[] array = [.. keys];
        ArgumentOutOfRangeException.ThrowIfGreaterThan(array.Length, MaxKeys, nameof(keys));
        foreach (JsonWebKey key in array)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
        }

        return new JsonWebKeySet(array);
    }
}
