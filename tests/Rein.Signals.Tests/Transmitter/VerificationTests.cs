using Rein.Signals.Events;
using Rein.Signals.Tests.Transmitter.Infrastructure;

namespace Rein.Signals.Tests.Transmitter;

/// <summary>SSF 1.0 §8.1.4: a verification request is answered 204 and a verification SET echoing its state follows.</summary>
public sealed class VerificationTests(SignalsFixture fixture) : IClassFixture<SignalsFixture>
{
    private readonly SignalsHost _host = fixture.Host;

    [Fact]
    public async Task Verify_SendsVerificationSetWithState_AndThrottlesTo429()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.Soc);
        var id = await soc.CreatePushStreamAsync("verify", events: [SecurityEventTypes.SessionRevoked]);

        var first = await soc.PostAsync("/ssf/verify", new { stream_id = id, state = "VGhpcyBpcyBhbiBleGFtcGxl" });
        var second = await soc.PostAsync("/ssf/verify", new { stream_id = id });
        var received = await _host.Receiver.WaitForAsync("verify", 1);

        Assert.Equal(204, first.Code);
        Assert.Equal(429, second.Code);
        Assert.True(int.Parse(second.Header("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 30);
        var set = await _host.VerifySetAsync(Assert.Single(received).Set);
        Assert.Equal("VGhpcyBpcyBhbiBleGFtcGxl", set.GetProperty("events").GetProperty(SecurityEventTypes.Verification).GetProperty("state").GetString());
        Assert.Equal("opaque", set.GetProperty("sub_id").GetProperty("format").GetString());
        Assert.Equal(id, set.GetProperty("sub_id").GetProperty("id").GetString());
        Assert.Equal("https://soc.example.com/ssf", set.GetProperty("aud").GetString());
    }

    [Fact]
    public async Task Verify_DisabledStream_Is400_UnknownStream_Is404()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var id = await soc.CreatePollStreamAsync();
        await soc.SetStatusAsync(id, "disabled");

        var disabled = await soc.PostAsync("/ssf/verify", new { stream_id = id });
        var unknown = await soc.PostAsync("/ssf/verify", new { stream_id = "no-such-stream" });

        Assert.Equal(400, disabled.Code);
        Assert.Equal(404, unknown.Code);
    }
}
