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
        await soc.CreatePushStreamAsync("reject", events: [SecurityEventTypes.AccountDisabled, SecurityEventTypes.AccountEnabled]);
        _host.Receiver.FailNext(5, 400, "invalid_request");

        await _host.KillAsync("bot-h");
        await _host.EnableAsync("bot-h");
        var received = await _host.Receiver.WaitForAsync("reject", 1);

        var set = await _host.VerifySetAsync(Assert.Single(received).Set);
        Assert.True(set.GetProperty("events").TryGetProperty(SecurityEventTypes.AccountEnabled, out _));
    }
}
