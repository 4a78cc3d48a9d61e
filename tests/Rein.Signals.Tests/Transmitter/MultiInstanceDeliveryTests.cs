using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rein.Core.Storage;
using Rein.Core.Tests.Storage;
using Rein.Signals.Events;
using Rein.Signals.Tests.Transmitter.Infrastructure;
using Rein.Signals.Transmitter;
using Rein.Signals.Transmitter.Streams;

namespace Rein.Signals.Tests.Transmitter;

/// <summary>
/// Two Rein instances with the signals role on one store: each push stream is delivered by the instance holding its
/// lease, every SET exactly once and in commit order whichever instance committed it; when the holder stops (cleanly,
/// or by crashing and leaving its lease to expire) the other instance delivers the rest.
/// </summary>
public sealed class MultiInstanceDeliveryTests
{
    private static readonly string[] Events = [SecurityEventTypes.AccountDisabled, SecurityEventTypes.AccountEnabled];

    private static TransmitterOptions Options => SignalsHost.TestOptions with
    {
        PushTimeout = TimeSpan.FromSeconds(1),
        LeaseDuration = TimeSpan.FromSeconds(3),
        LeaseRetry = TimeSpan.FromMilliseconds(100),
        OutboxRescan = TimeSpan.FromMilliseconds(100),
    };

    [Theory, StoreProviders]
    public async Task TwoInstances_DeliverEverySetExactlyOnce_InOrder_AndTheSurvivorTheRest(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var connection = provider == "sqlite" ? null : store.Options.ConnectionString;
        await using var receiver = await LoopbackReceiver.StartAsync();
        SignalsHost? first = await SignalsHost.StartAsync(store.DataDirectory, receiver, Options, store: connection);
        try
        {
            string streamId;
            using (var soc = await first.ReceiverAsync(SignalsHost.Soc))
            {
                streamId = await soc.CreatePushStreamAsync("pair", events: Events);
            }
            await using var second = await SignalsHost.StartAsync(store.DataDirectory, receiver, Options, store: connection);

            // Each step waits for the previous one: the commit order, and so the delivery order, is this order.
            await first.KillAsync("bot-a");
            await second.KillAsync("bot-b");
            await first.EnableAsync("bot-a");
            await second.EnableAsync("bot-b");
            await first.KillAsync("bot-c");
            await second.KillAsync("bot-d");
            var expected = new[]
            {
                ("bot-a", SecurityEventTypes.AccountDisabled), ("bot-b", SecurityEventTypes.AccountDisabled),
                ("bot-a", SecurityEventTypes.AccountEnabled), ("bot-b", SecurityEventTypes.AccountEnabled),
                ("bot-c", SecurityEventTypes.AccountDisabled), ("bot-d", SecurityEventTypes.AccountDisabled),
            };
            await receiver.WaitForAsync("pair", expected.Length);
            await WaitForEmptyOutboxAsync(second, streamId);

            Assert.Equal(expected, await ReceivedAsync(second, receiver.At("pair")));

            // The first instance stops (releasing its leases): the second delivers what comes next.
            await first.DisposeAsync();
            first = null;
            await second.EnableAsync("bot-d");
            await receiver.WaitForAsync("pair", expected.Length + 1);
            await WaitForEmptyOutboxAsync(second, streamId);

            var all = await ReceivedAsync(second, receiver.At("pair"));
            Assert.Equal(expected.Append(("bot-d", SecurityEventTypes.AccountEnabled)), all);
        }
        finally
        {
            if (first is not null) await first.DisposeAsync();
        }
    }

    [Theory, StoreProviders]
    public async Task LeaseOfACrashedInstance_Expires_ThenAnotherInstanceDeliversItsStream(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var connection = provider == "sqlite" ? null : store.Options.ConnectionString;
        await using var receiver = await LoopbackReceiver.StartAsync();
        string streamId;
        await using (var creator = await SignalsHost.StartAsync(store.DataDirectory, receiver, Options, store: connection))
        {
            using var soc = await creator.ReceiverAsync(SignalsHost.Soc);
            streamId = await soc.CreatePushStreamAsync("orphan", events: Events);
        }
        // What an instance that crashed while delivering the stream leaves behind: its lease, still running.
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(3).ToUnixTimeMilliseconds();
        await using (var db = store.Factory.CreateDbContext())
        {
            db.SsfStreamLeases.Add(new SsfStreamLeaseEntity { StreamId = streamId, Owner = "crashed-instance", ExpiresAt = expiresAt });
            await db.SaveChangesAsync();
        }

        await using var survivor = await SignalsHost.StartAsync(store.DataDirectory, receiver, Options, store: connection);
        await survivor.KillAsync("bot-e");
        await survivor.EnableAsync("bot-e");
        var heldBack = receiver.At("orphan").Count;
        var leaseStillRan = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() < expiresAt;
        await receiver.WaitForAsync("orphan", 2);
        await WaitForEmptyOutboxAsync(survivor, streamId);

        if (leaseStillRan) Assert.Equal(0, heldBack);
        Assert.Equal([("bot-e", SecurityEventTypes.AccountDisabled), ("bot-e", SecurityEventTypes.AccountEnabled)],
            await ReceivedAsync(survivor, receiver.At("orphan")));
        await using var after = store.Factory.CreateDbContext();
        Assert.NotEqual("crashed-instance", (await after.SsfStreamLeases.AsNoTracking().SingleAsync(l => l.StreamId == streamId)).Owner);
    }

    private static async Task<(string Agent, string Event)[]> ReceivedAsync(SignalsHost host, IReadOnlyList<LoopbackReceiver.Received> received)
    {
        var result = new List<(string, string)>();
        foreach (var r in received)
        {
            var set = await host.VerifySetAsync(r.Set);
            result.Add((set.GetProperty("sub_id").GetProperty("sub").GetString()!, set.GetProperty("events").EnumerateObject().Single().Name));
        }
        return [.. result];
    }

    /// <summary>Waits (bounded) until the stream's outbox is empty: every SET was pushed, accepted and deleted.</summary>
    private static async Task WaitForEmptyOutboxAsync(SignalsHost host, string streamId)
    {
        var streams = host.App.Services.GetRequiredService<StreamStore>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await streams.PendingCountAsync(streamId, deadline.Token) > 0) await Task.Delay(20, deadline.Token);
    }
}
