using System.Collections.Concurrent;
using Rein.Core.Tokens;

namespace Rein.Broker.Delegation;

/// <summary>
/// People's IdP tokens whose signature and claims were already verified, keyed by the token's SHA-256 (never its
/// text): an agent exchanges the same person's token for each tool it needs and again as its tokens run out, and the
/// signature need not be checked each time. An entry lives until the token expires, and at most
/// <see cref="MaxEntryLifetime"/> (as long as the issuer's keys are cached), so a key the IdP withdraws stops counting
/// as soon as it would anyway. The whole cache is dropped when the registry changes (an issuer removed, say).
/// Revocation is never cached: callers re-check the person on every hit. Bounded: when full of live entries a new
/// token is simply not cached, and the full cache is swept for expired entries at most once a second, so a stream of
/// fresh tokens does not turn every exchange into a walk over the whole cache.
/// </summary>
internal sealed class SubjectTokenCache(TimeProvider time, int capacity = 10_000)
{
    public static readonly TimeSpan MaxEntryLifetime = Core.Trust.TrustedKeySource.CacheLifetime;

    private readonly ConcurrentDictionary<ValidatedTokenCache.TokenHash, Entry> _entries = new();
    private long _nextSweep;

    /// <summary>A cache that empties itself whenever <paramref name="registry"/> changes.</summary>
    public static SubjectTokenCache For(Rein.Core.Registry.ReinRegistry registry, TimeProvider time)
    {
        var cache = new SubjectTokenCache(time);
        registry.Changed += _ => cache.Clear();
        return cache;
    }

    public sealed record Entry(SubjectToken Token, string Issuer, long IssuedAt, long KeepUntil);

    public bool TryGet(ValidatedTokenCache.TokenHash hash, out Entry entry)
    {
        if (_entries.TryGetValue(hash, out entry!))
        {
            if (entry.KeepUntil > time.GetUtcNow().ToUnixTimeSeconds()) return true;
            _entries.TryRemove(hash, out _);
        }
        entry = null!;
        return false;
    }

    public void Add(ValidatedTokenCache.TokenHash hash, SubjectToken token, string issuer, long issuedAt)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var keepUntil = Math.Min(token.ExpiresAt, now + (long)MaxEntryLifetime.TotalSeconds);
        if (_entries.Count >= capacity)
        {
            // Note: a sweep walks every entry; when it frees nothing, the next waits a second (seconds are the
            // granularity of every expiry here, so an earlier sweep could not free anything either).
            if (now < Volatile.Read(ref _nextSweep)) return;
            Volatile.Write(ref _nextSweep, now + 1);
            if (Sweep(now) == 0) return;
        }
        _entries[hash] = new Entry(token, issuer, issuedAt, keepUntil);
    }

    public void Clear() => _entries.Clear();

    private int Sweep(long now)
    {
        var removed = 0;
        foreach (var pair in _entries)
        {
            if (pair.Value.KeepUntil <= now && _entries.TryRemove(pair)) removed++;
        }
        return removed;
    }
}
