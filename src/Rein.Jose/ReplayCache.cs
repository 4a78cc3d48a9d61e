using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Rein.Jose;

/// <summary>
/// Remembers single-use identifiers (DPoP proof <c>jti</c>s, client assertion <c>jti</c>s) until they expire.
/// Thread-safe and bounded: when full of live entries it refuses new ones (fails closed) rather than forgetting.
/// Only a SHA-256 digest of each key is kept, never the key itself.
/// </summary>
public sealed class ReplayCache
{
    private const int StackLimit = 512;

    // Note: a sweep walks every entry, so it runs at most every 30 s in the background of normal traffic, and at
    // most once a second when the cache is full, so a flood of fresh keys cannot turn every request into a sweep.
    private static readonly long s_sweepInterval = TimeSpan.FromSeconds(30).Ticks;
    private static readonly long s_fullSweepInterval = TimeSpan.FromSeconds(1).Ticks;

    private readonly TimeProvider _time;
    private readonly int _capacity;
    private readonly ConcurrentDictionary<UInt128, long> _entries = new();
    private readonly Lock _sweepLock = new();
    private int _count;
    private long _lastSweepTicks;

    /// <summary>Creates a cache.</summary>
    /// <param name="time">The clock that decides when entries expire.</param>
    /// <param name="capacity">The most live entries held at once.</param>
    public ReplayCache(TimeProvider time, int capacity = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time;
        _capacity = capacity;
        _lastSweepTicks = time.GetUtcNow().UtcTicks;
    }

    /// <summary>The number of entries currently held (live or not yet swept).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Records <paramref name="key"/> until <paramref name="expiresAt"/>. Returns false when the key was recorded
    /// before and has not expired (a replay), or when the cache is full even after dropping expired entries.
    /// A key whose <paramref name="expiresAt"/> has already passed is accepted without being stored: anything that
    /// old is refused by the caller's own time checks.
    /// </summary>
    /// <param name="key">The identifier, e.g. a key thumbprint and a <c>jti</c>.</param>
    /// <param name="expiresAt">When the identifier stops mattering.</param>
    public bool TryAdd(ReadOnlySpan<char> key, DateTimeOffset expiresAt)
    {
        long now = _time.GetUtcNow().UtcTicks;
        long expires = expiresAt.UtcTicks;
        if (expires <= now)
        {
            return true;
        }

        UInt128 digest = Digest(key);
        TrySweep(now, s_sweepInterval, wait: false);

        while (true)
        {
            if (_entries.TryGetValue(digest, out long existing))
            {
                if (existing > now)
                {
                    return false;
                }

                // An expired entry for the same key: take it over.
                if (_entries.TryUpdate(digest, expires, existing))
                {
                    return true;
                }

                continue;
            }

            // Note: reserve a slot before inserting so concurrent callers can never overshoot the capacity.
            if (Interlocked.Increment(ref _count) > _capacity)
            {
                Interlocked.Decrement(ref _count);
                TrySweep(now, s_fullSweepInterval, wait: true);
                if (Interlocked.Increment(ref _count) > _capacity)
                {
                    Interlocked.Decrement(ref _count);
                    return false;
                }
            }

            if (_entries.TryAdd(digest, expires))
            {
                return true;
            }

            // Someone added the same key meanwhile; give the slot back and look again.
            Interlocked.Decrement(ref _count);
        }
    }

    private static UInt128 Digest(ReadOnlySpan<char> key)
    {
        int maxBytes = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        Span<byte> utf8 = maxBytes <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            int length = Encoding.UTF8.GetBytes(key, utf8);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(utf8[..length], hash);

            // Note: 128 bits of SHA-256 keep accidental collisions out of reach and cannot be chosen by a client.
            return BitConverter.ToUInt128(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private void TrySweep(long now, long interval, bool wait)
    {
        if (now - Volatile.Read(ref _lastSweepTicks) < interval)
        {
            return;
        }

        // A routine sweep is skipped when another thread is already sweeping; a sweep for a full cache waits for it.
        if (wait)
        {
            _sweepLock.Enter();
        }
        else if (!_sweepLock.TryEnter())
        {
            return;
        }

        try
        {
            if (now - Volatile.Read(ref _lastSweepTicks) < interval)
            {
                return;
            }

            foreach (KeyValuePair<UInt128, long> entry in _entries)
            {
                if (entry.Value <= now && _entries.TryRemove(entry))
                {
                    Interlocked.Decrement(ref _count);
                }
            }

            Volatile.Write(ref _lastSweepTicks, now);
        }
        finally
        {
            _sweepLock.Exit();
        }
    }
}
