using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Rein.Jose;

/// <summary>
/// Remembers single-use identifiers (DPoP proof <c>jti</c>s, client assertion <c>jti</c>s) until they expire.
/// Thread-safe and bounded: when full of live entries it refuses new ones (fails closed) rather than forgetting.
/// Only a SHA-256 digest of each key is kept, never the key itself.
/// </summary>
/// <remarks>
/// Entries live in flat open-addressing tables of plain structs (digest and expiry), split into shards with a lock
/// each: millions of live entries are then a few arrays the garbage collector never has to trace or copy, instead of
/// one heap object per entry.
/// </remarks>
public sealed class ReplayCache
{
    private const int ShardBits = 6;
    private const int ShardCount = 1 << ShardBits;
    private const int InitialSlots = 16;

    // Note: a sweep walks every entry, so it runs at most every 30 s in the background of normal traffic, and at
    // most once a second when the cache is full, so a flood of fresh keys cannot turn every request into a sweep.
    private static readonly long s_sweepInterval = TimeSpan.FromSeconds(30).Ticks;
    private static readonly long s_fullSweepInterval = TimeSpan.FromSeconds(1).Ticks;

    private readonly TimeProvider _time;
    private readonly int _capacity;
    private readonly Shard[] _shards;
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
        _shards = new Shard[ShardCount];
        for (int i = 0; i < _shards.Length; i++)
        {
            _shards[i] = new Shard();
        }
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

        Digest(key, out ulong low, out ulong high);
        TrySweep(now, s_sweepInterval, wait: false);

        // Note: SHA-256 output is uniform, so its top bits choose the shard and its low bits the slot.
        Shard shard = _shards[(int)(high >> (64 - ShardBits))];
        bool swept = false;
        while (true)
        {
            switch (shard.TryAdd(low, high, now, expires, this))
            {
                case AddOutcome.Added:
                    return true;
                case AddOutcome.Replayed:
                    return false;
            }

            // Full: drop expired entries once (outside the shard's lock, as the sweep takes every shard's), then look
            // again, since another caller may have added the same key meanwhile.
            if (swept)
            {
                return false;
            }

            TrySweep(now, s_fullSweepInterval, wait: true);
            swept = true;
        }
    }

    /// <summary>Reserves room for one more entry; false when the cache holds its capacity.</summary>
    private bool TryReserve()
    {
        // Note: reserve before inserting so concurrent callers can never overshoot the capacity.
        if (Interlocked.Increment(ref _count) > _capacity)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        return true;
    }

    private static void Digest(ReadOnlySpan<char> key, out ulong low, out ulong high)
    {
        // Note: the key's UTF-16 code units are hashed as they are: no transcoding per call, and two keys that
        // differ only in unpaired surrogates (which UTF-8 would both turn into U+FFFD) stay distinct.
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(key), hash);

        // Note: 128 bits of SHA-256 keep accidental collisions out of reach and cannot be chosen by a client.
        low = BinaryPrimitives.ReadUInt64LittleEndian(hash);
        high = BinaryPrimitives.ReadUInt64LittleEndian(hash[sizeof(ulong)..]);
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

            foreach (Shard shard in _shards)
            {
                int removed = shard.RemoveExpired(now);
                if (removed > 0)
                {
                    Interlocked.Add(ref _count, -removed);
                }
            }

            Volatile.Write(ref _lastSweepTicks, now);
        }
        finally
        {
            _sweepLock.Exit();
        }
    }

    private enum AddOutcome
    {
        Added,
        Replayed,
        Full,
    }

    /// <summary>A digest and its expiry (UTC ticks); an expiry of 0 marks an empty slot.</summary>
    private struct Entry
    {
        public ulong Low;
        public ulong High;
        public long Expires;
    }

    /// <summary>
    /// One open-addressing table with linear probing, at most 70 % full. Entries are only ever removed by a sweep,
    /// which rebuilds the table, so a probe sequence never has a hole in it.
    /// </summary>
    private sealed class Shard
    {
        private readonly Lock _lock = new();
        private Entry[] _slots = new Entry[InitialSlots];
        private int _used;

        public AddOutcome TryAdd(ulong low, ulong high, long now, long expires, ReplayCache owner)
        {
            lock (_lock)
            {
                Entry[] slots = _slots;
                int mask = slots.Length - 1;
                int index = (int)low & mask;
                while (true)
                {
                    ref Entry entry = ref slots[index];
                    if (entry.Expires == 0)
                    {
                        break;
                    }

                    if (entry.Low == low && entry.High == high)
                    {
                        if (entry.Expires > now)
                        {
                            return AddOutcome.Replayed;
                        }

                        // An expired entry for the same key: take it over.
                        entry.Expires = expires;
                        return AddOutcome.Added;
                    }

                    index = (index + 1) & mask;
                }

                if (!owner.TryReserve())
                {
                    return AddOutcome.Full;
                }

                if ((long)(_used + 1) * 10 > (long)slots.Length * 7)
                {
                    Resize(slots.Length * 2, now: 0);
                    Insert(_slots, low, high, expires);
                }
                else
                {
                    slots[index] = new Entry { Low = low, High = high, Expires = expires };
                }

                _used++;
                return AddOutcome.Added;
            }
        }

        /// <summary>Drops every entry that expired at or before <paramref name="now"/>; returns how many.</summary>
        public int RemoveExpired(long now)
        {
            lock (_lock)
            {
                int live = 0;
                foreach (ref readonly Entry entry in _slots.AsSpan())
                {
                    if (entry.Expires > now)
                    {
                        live++;
                    }
                }

                int removed = _used - live;
                if (removed == 0)
                {
                    return 0;
                }

                // Note: the table is rebuilt at the size the live entries need, so a burst does not pin its memory.
                int size = InitialSlots;
                while ((long)size * 7 < (long)live * 10)
                {
                    size *= 2;
                }

                Resize(size, now);
                _used = live;
                return removed;
            }
        }

        /// <summary>Moves every entry that expires after <paramref name="now"/> into a new table of <paramref name="size"/> slots.</summary>
        private void Resize(int size, long now)
        {
            var slots = new Entry[size];
            foreach (ref readonly Entry entry in _slots.AsSpan())
            {
                if (entry.Expires > now)
                {
                    Insert(slots, entry.Low, entry.High, entry.Expires);
                }
            }

            _slots = slots;
        }

        private static void Insert(Entry[] slots, ulong low, ulong high, long expires)
        {
            int mask = slots.Length - 1;
            int index = (int)low & mask;
            while (slots[index].Expires != 0)
            {
                index = (index + 1) & mask;
            }

            slots[index] = new Entry { Low = low, High = high, Expires = expires };
        }
    }
}
