using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Rein.Core.Tokens;

/// <summary>
/// Access tokens whose signature and claims were already verified, keyed by the SHA-256 of the token (never the
/// token text), so a signature is checked once per token rather than once per request. Bounded; an entry dies with
/// its token. Revocation is NOT cached: callers re-check the index on every hit. When full of live tokens a new one
/// is not cached, and the full cache is swept at most once a second, so a stream of fresh tokens does not turn every
/// request into a walk over the whole cache.
/// </summary>
public sealed class ValidatedTokenCache(TimeProvider time, int capacity = 100_000)
{
    private readonly ConcurrentDictionary<TokenHash, AccessToken> _entries = new();
    private long _nextFullSweep;

    /// <summary>A token's SHA-256, held as four longs so lookups neither allocate nor compare strings.</summary>
    public readonly record struct TokenHash(long A, long B, long C, long D)
    {
        public static TokenHash Of(string token) => Of(token.AsSpan());

        public static TokenHash Of(ReadOnlySpan<char> token)
        {
            Span<byte> hash = stackalloc byte[32];
            var max = Encoding.ASCII.GetMaxByteCount(token.Length);
            if (max <= 8192)
            {
                Span<byte> ascii = stackalloc byte[max];
                var n = Encoding.ASCII.GetBytes(token, ascii);
                SHA256.HashData(ascii[..n], hash);
            }
            else
            {
                SHA256.HashData(Encoding.ASCII.GetBytes(token.ToArray()), hash);
            }
            var longs = MemoryMarshal.Cast<byte, long>(hash);
            return new TokenHash(longs[0], longs[1], longs[2], longs[3]);
        }

        /// <summary>Writes the 32 bytes of the SHA-256 back out, in the order the hash produced them.</summary>
        public void CopyTo(Span<byte> destination)
        {
            var longs = MemoryMarshal.Cast<byte, long>(destination[..32]);
            longs[0] = A;
            longs[1] = B;
            longs[2] = C;
            longs[3] = D;
        }
    }

    public int Count => _entries.Count;

    /// <summary>The cached token for <paramref name="hash"/> when it is still within its lifetime.</summary>
    public bool TryGet(TokenHash hash, TimeSpan skew, out AccessToken token)
    {
        if (_entries.TryGetValue(hash, out token!))
        {
            if (token.ExpiresAt + (long)skew.TotalSeconds > time.GetUtcNow().ToUnixTimeSeconds()) return true;
            _entries.TryRemove(hash, out _);
        }
        token = null!;
        return false;
    }

    public void Add(TokenHash hash, AccessToken token)
    {
        if (_entries.Count >= capacity && (!FullSweepDue() || Sweep() == 0))
        {
            // Full of live tokens: keep serving without caching this one rather than evicting blindly.
            return;
        }
        _entries[hash] = token;
    }

    /// <summary>
    /// Whether a full cache may be swept now: a sweep walks every entry, and expiries have one-second granularity,
    /// so a sweep within a second of the last could free nothing more.
    /// </summary>
    private bool FullSweepDue()
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (now < Volatile.Read(ref _nextFullSweep)) return false;
        Volatile.Write(ref _nextFullSweep, now + 1);
        return true;
    }

    /// <summary>Drops expired entries; returns how many were dropped.</summary>
    public int Sweep()
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var removed = 0;
        foreach (var pair in _entries)
        {
            if (pair.Value.ExpiresAt <= now && _entries.TryRemove(pair)) removed++;
        }
        return removed;
    }
}
