using System.Collections.Concurrent;
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

    public static bool TryGet(JsonElement jwk, out string? cacheKey, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JsonWebKey? key)
    {
        key = null;
        cacheKey = null;
        var raw = jwk.GetRawText();
        if (raw.Length > MaxKeyJsonLength) return false;
        cacheKey = raw;
        return Keys.TryGetValue(raw, out key);
    }

    /// <summary>Keeps a key that parsed as a valid public key (never one with private members).</summary>
    public static void Add(string cacheKey, JsonWebKey key)
    {
        if (key.HasPrivateKey) return;
        if (Keys.Count >= Capacity) Keys.Clear();
        Keys.TryAdd(cacheKey, key);
    }
}
