using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Rein.Jose;

/// <summary>
/// Public keys already parsed, validated and imported from embedded <c>jwk</c> headers (DPoP proofs). An agent
/// signs every proof with the same key, and importing a P-256 point costs about as much as two signature checks,
/// so the parsed key is kept, keyed by the header's exact JSON text. Bounded: when full it starts over, so a
/// flood of fresh keys costs its sender the import and nobody else anything.
/// </summary>
internal static class EmbeddedKeyCache
{
    private const int Capacity = 10_000;
    private const int MaxKeyJsonLength = 2048;
    private static readonly ConcurrentDictionary<string, JsonWebKey> Keys = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, JsonWebKey>.AlternateLookup<ReadOnlySpan<char>> KeysBySpan =
        Keys.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Looks the key up by its JSON text without allocating; only a miss makes the text a string (for
    /// <see cref="Add"/>). <paramref name="cacheKey"/> stays null when the key is too large to keep.
    /// </summary>
    public static bool TryGet(JsonElement jwk, out string? cacheKey, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JsonWebKey? key)
    {
        key = null;
        cacheKey = null;
        // Note: the raw bytes of an element of a parsed document are valid UTF-8 (JwsReader checks the whole header),
        // and UTF-8 is never shorter in bytes than in UTF-16 code units, so at most MaxKeyJsonLength chars result.
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(jwk);
        if (raw.Length > MaxKeyJsonLength) return false;
        Span<char> text = stackalloc char[MaxKeyJsonLength];
        if (!Encoding.UTF8.TryGetChars(raw, text, out int written)) return false;
        text = text[..written];
        if (KeysBySpan.TryGetValue(text, out key)) return true;
        cacheKey = new string(text);
        return false;
    }

    /// <summary>Keeps a key that parsed as a valid public key (never one with private members).</summary>
    public static void Add(string cacheKey, JsonWebKey key)
    {
        if (key.HasPrivateKey) return;
        if (Keys.Count >= Capacity) Keys.Clear();
        Keys.TryAdd(cacheKey, key);
    }
}
