using Rein.Signals.Events;
using Rein.Signals.Tests.Transmitter.Infrastructure;

namespace Rein.Signals.Tests.Transmitter;

/// <summary>The outbox is in the store: SETs still waiting when Rein stops are delivered, in order, after it starts again.</summary>
public sealed class OutboxRestartTests
{
    [Fact]
    public async Task PendingPushSets_SurviveARestart()
    {
        var data = Directory.CreateTempSubdirectory("rein-signals-restart-").FullName;
        await using var receiver = await LoopbackReceiver.StartAsync();
        try
        {
            string streamId;
            await using (var first = await SignalsHost.StartAsync(data, receiver))
            {
                using var soc = await first.ReceiverAsync(SignalsHost.Soc);
                streamId = await soc.CreatePushStreamAsync("restart", events: [SecurityEventTypes.AccountDisabled, SecurityEventTypes.AccountEnabled]);
                // The receiver refuses everything while the first Rein runs.
                receiver.FailNext(10_000, 503);
                await first.KillAsync("bot-a");
                await first.EnableAsync("bot-a");
            }
            receiver.ClearScript();

            await using var second = await SignalsHost.StartAsync(data, receiver);
            var received = await receiver.WaitForAsync("restart", 2);

            var types = new List<string>();
            foreach (var r in received) types.Add((await second.VerifySetAsync(r.Set)).GetProperty("events").EnumerateObject().Single().Name);
            Assert.Equal([SecurityEventTypes.AccountDisabled, SecurityEventTypes.AccountEnabled], types);
        }
        finally
        {
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task PendingPollSets_SurviveARestart()
    {
        var data = Directory.CreateTempSubdirectory("rein-signals-restart-").FullName;
        try
        {
            string streamId;
            await using (var first = await SignalsHost.StartAsync(data))
            {
                using var soc = await first.ReceiverAsync(SignalsHost.PollOnly);
                streamId = await soc.CreatePollStreamAsync([SecurityEventTypes.AccountDisabled]);
                await first.KillAsync("bot-b");
            }

            await using var second = await SignalsHost.StartAsync(data);
            using var again = await second.ReceiverAsync(SignalsHost.PollOnly);
            var result = await again.PollAsync(streamId, new { returnImmediately = true });

            var set = await second.VerifySetAsync(Assert.Single(result.Sets.Values));
            Assert.Equal("bot-b", set.GetProperty("sub_id").GetProperty("sub").GetString());
        }
        finally
        {
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }
}
