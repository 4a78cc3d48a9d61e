using Rein.Signals.Events;
using Rein.Signals.Tests.Transmitter.Infrastructure;

namespace Rein.Signals.Tests.Transmitter;

/// <summary>
/// RFC 8935 §2.3: a receiver that keeps refusing one SET with an error code gets it a bounded number of times; the SET
/// is then dropped (and audited) so the stream moves on.
/// </summary>
public sealed class RejectionTests(SignalsFixture fixture) : IClassFixture<SignalsFixture>
{
    private readonly SignalsHost _host = fixture.Host;

    [Fact]
    public async Task SetRefusedWithInvalidRequest_IsDroppedAfterFiveAttempts_AndTheNextIsDelivered()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.Soc);
        var id = await soc.CreatePushStreamAsync("reject", events: [SecurityEventTypes.AccountDisabled, SecurityEventTypes.AccountEnabled]);
        _host.Receiver.FailNext(5, 400, "invalid_request");

        await _host.KillAsync("bot-h");
        await _host.EnableAsync("bot-h");
        var received = await _host.Receiver.WaitForAsync("reject", 1);

        await soc.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + id);

        var set = await _host.VerifySetAsync(Assert.Single(received).Set);
        Assert.True(set.GetProperty("events").TryGetProperty(SecurityEventTypes.AccountEnabled, out _));
    }

    [Fact]
    public async Task AuthenticationFailed_IsRetriedBeyondTheRejectionLimit_NotDropped()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.Soc);
        var id = await soc.CreatePushStreamAsync("auth-failed", events: [SecurityEventTypes.AccountDisabled]);
        _host.Receiver.FailNext(RetryLimit + 2, 400, "authentication_failed");

        await _host.KillAsync("bot-g");
        var received = await _host.Receiver.WaitForAsync("auth-failed", 1);
        await soc.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + id);

        var set = await _host.VerifySetAsync(Assert.Single(received).Set);
        Assert.Equal("bot-g", set.GetProperty("sub_id").GetProperty("sub").GetString());
    }

    private const int RetryLimit = 5;
}
