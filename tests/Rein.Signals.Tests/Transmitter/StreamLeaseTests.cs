using Microsoft.Extensions.Time.Testing;
using Rein.Core.Storage;
using Rein.Core.Tests.Storage;
using Rein.Signals.Transmitter.Outbox;

namespace Rein.Signals.Tests.Transmitter;

/// <summary>Push-stream leases (<c>ssf_stream_leases</c>) on SQLite and PostgreSQL: one holder at a time, taken over only once expired.</summary>
public sealed class StreamLeaseTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Theory, StoreProviders]
    public async Task Lease_IsHeldByOneInstance_RenewedByItsHolder_AndTakenOverOnlyOnceExpired(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        await StoreInitializer.InitializeAsync(store.Factory, TimeProvider.System, CancellationToken.None);
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var a = new StreamLeases(store.Factory, clock);
        var b = new StreamLeases(store.Factory, clock);
        Assert.NotEqual(a.Owner, b.Owner);

        Assert.NotNull(await a.TryAcquireAsync("s1", Lease, CancellationToken.None));
        Assert.Null(await b.TryAcquireAsync("s1", Lease, CancellationToken.None));
        Assert.NotNull(await b.TryAcquireAsync("s2", Lease, CancellationToken.None));

        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.NotNull(await a.TryAcquireAsync("s1", Lease, CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(await b.TryAcquireAsync("s1", Lease, CancellationToken.None));

        // The holder stopped renewing (it crashed): once its lease has run out, the other instance takes the stream.
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds() + (long)Lease.TotalMilliseconds, await b.TryAcquireAsync("s1", Lease, CancellationToken.None));
        Assert.Null(await a.TryAcquireAsync("s1", Lease, CancellationToken.None));

        // A clean stop releases at once.
        await b.ReleaseAsync("s1", CancellationToken.None);
        Assert.NotNull(await a.TryAcquireAsync("s1", Lease, CancellationToken.None));
    }

    [Theory, StoreProviders]
    public async Task Release_OfALeaseAnotherInstanceHolds_ChangesNothing(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        await StoreInitializer.InitializeAsync(store.Factory, TimeProvider.System, CancellationToken.None);
        var a = new StreamLeases(store.Factory, TimeProvider.System);
        var b = new StreamLeases(store.Factory, TimeProvider.System);

        Assert.NotNull(await a.TryAcquireAsync("s1", Lease, CancellationToken.None));
        await b.ReleaseAsync("s1", CancellationToken.None);

        Assert.Null(await b.TryAcquireAsync("s1", Lease, CancellationToken.None));
    }
}
