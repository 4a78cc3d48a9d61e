using Rein.Signals.Events;
using Rein.Signals.Tests.Transmitter.Infrastructure;

namespace Rein.Signals.Tests.Transmitter;

/// <summary>
/// SSF 1.0 §8.1.2 and §8.1.5: paused streams hold events and deliver them, in order, when enabled; disabled streams
/// drop them; every status change is announced with a stream-updated SET.
/// </summary>
public sealed class StatusTests(SignalsFixture fixture) : IClassFixture<SignalsFixture>
{
    private readonly SignalsHost _host = fixture.Host;

    [Fact]
    public async Task Status_ReadAndSet_ReturnTheStatusAndReason()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.Soc);
        var id = await soc.CreatePollStreamAsync();

        var initial = await soc.SendAsync(HttpMethod.Get, "/ssf/status?stream_id=" + id);
        var paused = await soc.PostAsync("/ssf/status", new { stream_id = id, status = "paused", reason = "maintenance" });
        var after = await soc.SendAsync(HttpMethod.Get, "/ssf/status?stream_id=" + id);
        var invalid = await soc.PostAsync("/ssf/status", new { stream_id = id, status = "sleeping" });

        Assert.Equal(200, initial.Code);
        Assert.Equal("enabled", initial.Json.GetProperty("status").GetString());
        Assert.Equal(id, initial.Json.GetProperty("stream_id").GetString());
        Assert.Equal(200, paused.Code);
        Assert.Equal("paused", paused.Json.GetProperty("status").GetString());
        Assert.Equal("maintenance", paused.Json.GetProperty("reason").GetString());
        Assert.Equal("paused", after.Json.GetProperty("status").GetString());
        Assert.Equal(400, invalid.Code);
        await soc.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + id);
    }

    [Fact]
    public async Task PausedPushStream_HoldsEventsAndDeliversThemInOrderOnResume()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.Soc);
        var id = await soc.CreatePushStreamAsync("pause", events: [SecurityEventTypes.AccountDisabled, SecurityEventTypes.AccountEnabled]);

        await soc.SetStatusAsync(id, "paused");
        var pausedNotice = await _host.Receiver.WaitForAsync("pause", 1);
        await _host.KillAsync("bot-d");
        await _host.EnableAsync("bot-d");
        var whilePaused = _host.Receiver.At("pause").Count;
        await soc.SetStatusAsync(id, "enabled");
        var all = await _host.Receiver.WaitForAsync("pause", 4);

        Assert.Equal(1, whilePaused);
        var types = new List<string>();
        foreach (var r in all) types.Add((await _host.VerifySetAsync(r.Set)).GetProperty("events").EnumerateObject().Single().Name);
        Assert.Equal([SecurityEventTypes.StreamUpdated, SecurityEventTypes.AccountDisabled, SecurityEventTypes.AccountEnabled, SecurityEventTypes.StreamUpdated], types);
        var first = await _host.VerifySetAsync(pausedNotice[0].Set);
        Assert.Equal("paused", first.GetProperty("events").GetProperty(SecurityEventTypes.StreamUpdated).GetProperty("status").GetString());
        Assert.Equal("opaque", first.GetProperty("sub_id").GetProperty("format").GetString());
        Assert.Equal(id, first.GetProperty("sub_id").GetProperty("id").GetString());
        var last = await _host.VerifySetAsync(all[3].Set);
        Assert.Equal("enabled", last.GetProperty("events").GetProperty(SecurityEventTypes.StreamUpdated).GetProperty("status").GetString());
    }

    [Fact]
    public async Task DisabledPushStream_DropsEventsButAnnouncesTheChange()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.Soc);
        var id = await soc.CreatePushStreamAsync("disable", events: [SecurityEventTypes.AccountDisabled, SecurityEventTypes.AccountEnabled]);

        await soc.SetStatusAsync(id, "disabled");
        await _host.KillAsync("bot-e");
        await soc.SetStatusAsync(id, "enabled");
        await _host.EnableAsync("bot-e");
        var all = await _host.Receiver.WaitForAsync("disable", 3);

        var types = new List<string>();
        foreach (var r in all) types.Add((await _host.VerifySetAsync(r.Set)).GetProperty("events").EnumerateObject().Single().Name);
        Assert.Equal([SecurityEventTypes.StreamUpdated, SecurityEventTypes.StreamUpdated, SecurityEventTypes.AccountEnabled], types);
    }

    [Fact]
    public async Task PausedPollStream_ReturnsNothingUntilResumedThenEverything()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var id = await soc.CreatePollStreamAsync([SecurityEventTypes.AccountDisabled]);
        await soc.SetStatusAsync(id, "paused");
        var notice = await soc.PollAsync(id, new { returnImmediately = true });

        await _host.KillAsync("bot-f");
        var held = await soc.PollAsync(id, new { returnImmediately = true, ack = notice.Sets.Keys });
        await soc.SetStatusAsync(id, "enabled");
        var resumed = await soc.PollAsync(id, new { returnImmediately = true });

        Assert.Single(notice.Sets);
        Assert.Empty(held.Sets);
        var types = new List<string>();
        foreach (var set in resumed.Sets.Values) types.Add((await _host.VerifySetAsync(set)).GetProperty("events").EnumerateObject().Single().Name);
        Assert.Equal([SecurityEventTypes.AccountDisabled, SecurityEventTypes.StreamUpdated], types);
    }
}
