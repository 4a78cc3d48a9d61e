using Microsoft.Extensions.Time.Testing;

namespace Rein.Jose.Tests;

public sealed class ReplayCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TryAdd_SameKeyBeforeExpiry_IsRefused()
    {
        var cache = new ReplayCache(_time);
        DateTimeOffset expires = _time.GetUtcNow().AddMinutes(5);

        Assert.True(cache.TryAdd("thumb:jti-1", expires));
        Assert.False(cache.TryAdd("thumb:jti-1", expires));
        Assert.True(cache.TryAdd("thumb:jti-2", expires));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void TryAdd_SameKeyAfterExpiry_IsAccepted()
    {
        var cache = new ReplayCache(_time);
        Assert.True(cache.TryAdd("k", _time.GetUtcNow().AddMinutes(5)));

        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.True(cache.TryAdd("k", _time.GetUtcNow().AddMinutes(5)));
        Assert.False(cache.TryAdd("k", _time.GetUtcNow().AddMinutes(5)));
    }

    [Fact]
    public void TryAdd_AlreadyExpired_IsAcceptedWithoutStoring()
    {
        var cache = new ReplayCache(_time);

        Assert.True(cache.TryAdd("k", _time.GetUtcNow().AddSeconds(-1)));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void TryAdd_FullOfLiveEntries_FailsClosed()
    {
        var cache = new ReplayCache(_time, capacity: 3);
        DateTimeOffset expires = _time.GetUtcNow().AddMinutes(5);
        Assert.True(cache.TryAdd("a", expires));
        Assert.True(cache.TryAdd("b", expires));
        Assert.True(cache.TryAdd("c", expires));

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.False(cache.TryAdd("d", expires));
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void TryAdd_FullButExpired_PurgesAndAccepts()
    {
        var cache = new ReplayCache(_time, capacity: 2);
        Assert.True(cache.TryAdd("a", _time.GetUtcNow().AddSeconds(10)));
        Assert.True(cache.TryAdd("b", _time.GetUtcNow().AddMinutes(10)));

        _time.Advance(TimeSpan.FromSeconds(11));

        Assert.True(cache.TryAdd("c", _time.GetUtcNow().AddMinutes(1)));
        Assert.False(cache.TryAdd("b", _time.GetUtcNow().AddMinutes(1)));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void TryAdd_RoutineSweep_DropsExpiredEntries()
    {
        var cache = new ReplayCache(_time);
        for (int i = 0; i < 100; i++)
        {
            Assert.True(cache.TryAdd("k" + i, _time.GetUtcNow().AddSeconds(5)));
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(cache.TryAdd("fresh", _time.GetUtcNow().AddSeconds(5)));

        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void TryAdd_ConcurrentSameKey_ExactlyOneWins()
    {
        var cache = new ReplayCache(_time, capacity: 10_000);
        DateTimeOffset expires = _time.GetUtcNow().AddMinutes(5);
        int wins = 0;

        Parallel.For(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            if (cache.TryAdd("key-" + (i % 100), expires))
            {
                Interlocked.Increment(ref wins);
            }
        });

        Assert.Equal(100, wins);
        Assert.Equal(100, cache.Count);
    }

    [Fact]
    public void TryAdd_ConcurrentDistinctKeys_NeverExceedsCapacity()
    {
        var cache = new ReplayCache(_time, capacity: 500);
        DateTimeOffset expires = _time.GetUtcNow().AddMinutes(5);
        int accepted = 0;

        Parallel.For(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            if (cache.TryAdd("key-" + i, expires))
            {
                Interlocked.Increment(ref accepted);
            }
        });

        Assert.Equal(500, accepted);
        Assert.Equal(500, cache.Count);
    }

    [Fact]
    public void TryAdd_ManyKeys_EachReplayIsRefused()
    {
        var cache = new ReplayCache(_time, capacity: 50_000);
        DateTimeOffset expires = _time.GetUtcNow().AddMinutes(5);
        for (int i = 0; i < 20_000; i++)
        {
            Assert.True(cache.TryAdd("thumb:" + i, expires));
        }

        for (int i = 0; i < 20_000; i++)
        {
            Assert.False(cache.TryAdd("thumb:" + i, expires));
        }

        Assert.Equal(20_000, cache.Count);
    }

    [Fact]
    public void TryAdd_SweepOfManyEntries_KeepsTheLiveOnesAndForgetsTheExpired()
    {
        var cache = new ReplayCache(_time, capacity: 50_000);
        for (int i = 0; i < 5_000; i++)
        {
            Assert.True(cache.TryAdd("short:" + i, _time.GetUtcNow().AddSeconds(10)));
            Assert.True(cache.TryAdd("long:" + i, _time.GetUtcNow().AddMinutes(10)));
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(cache.TryAdd("fresh", _time.GetUtcNow().AddMinutes(5)));
        Assert.Equal(5_001, cache.Count);

        for (int i = 0; i < 5_000; i++)
        {
            Assert.False(cache.TryAdd("long:" + i, _time.GetUtcNow().AddMinutes(5)));
            Assert.True(cache.TryAdd("short:" + i, _time.GetUtcNow().AddMinutes(5)));
        }

        Assert.False(cache.TryAdd("fresh", _time.GetUtcNow().AddMinutes(5)));
        Assert.Equal(10_001, cache.Count);
    }

    [Fact]
    public void TryAdd_ExpiredEntriesBeforeASweep_StillCountAndAreTakenOverByTheirOwnKey()
    {
        var cache = new ReplayCache(_time, capacity: 1_000);
        for (int i = 0; i < 1_000; i++)
        {
            Assert.True(cache.TryAdd("k" + i, _time.GetUtcNow().AddSeconds(5)));
        }

        _time.Advance(TimeSpan.FromSeconds(6));

        // An expired key comes back into its own slot; the count does not change.
        Assert.True(cache.TryAdd("k7", _time.GetUtcNow().AddMinutes(5)));
        Assert.False(cache.TryAdd("k7", _time.GetUtcNow().AddMinutes(5)));
        Assert.Equal(1_000, cache.Count);

        // A new key finds the cache full, sweeps the 999 expired entries and is accepted.
        Assert.True(cache.TryAdd("new", _time.GetUtcNow().AddMinutes(5)));
        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryAdd("k7", _time.GetUtcNow().AddMinutes(5)));
    }

    [Fact]
    public void TryAdd_FullOfManyLiveEntries_RefusesEveryNewKey()
    {
        var cache = new ReplayCache(_time, capacity: 1_000);
        DateTimeOffset expires = _time.GetUtcNow().AddMinutes(5);
        for (int i = 0; i < 1_000; i++)
        {
            Assert.True(cache.TryAdd("k" + i, expires));
        }

        _time.Advance(TimeSpan.FromSeconds(2));

        for (int i = 1_000; i < 1_100; i++)
        {
            Assert.False(cache.TryAdd("k" + i, expires));
        }

        Assert.False(cache.TryAdd("k0", expires));
        Assert.Equal(1_000, cache.Count);
    }

    [Fact]
    public void TryAdd_LongKey_IsHashed()
    {
        var cache = new ReplayCache(_time);
        string longKey = new('k', 10_000);

        Assert.True(cache.TryAdd(longKey, _time.GetUtcNow().AddMinutes(1)));
        Assert.False(cache.TryAdd(longKey, _time.GetUtcNow().AddMinutes(1)));
        Assert.True(cache.TryAdd(longKey.AsSpan(1), _time.GetUtcNow().AddMinutes(1)));
    }

    [Fact]
    public void TryAdd_KeysDifferingOnlyInUnpairedSurrogates_AreDistinct()
    {
        var cache = new ReplayCache(_time);
        DateTimeOffset expires = _time.GetUtcNow().AddMinutes(1);

        Assert.True(cache.TryAdd("thumb:\uD800", expires));
        Assert.True(cache.TryAdd("thumb:\uD801", expires));
        Assert.False(cache.TryAdd("thumb:\uD800", expires));
    }

    [Fact]
    public void Constructor_ZeroCapacity_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayCache(_time, capacity: 0));
}
