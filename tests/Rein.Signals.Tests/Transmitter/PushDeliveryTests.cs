using Rein.Signals.Events;
using Rein.Signals.Tests.Transmitter.Infrastructure;

namespace Rein.Signals.Tests.Transmitter;

/// <summary>RFC 8935 push: what Rein does reaches a loopback receiver as signed SETs, in order, retried until accepted.</summary>
public sealed class PushDeliveryTests(SignalsFixture fixture) : IClassFixture<SignalsFixture>
{
    private readonly SignalsHost _host = fixture.Host;

    [Fact]
    public async Task KillSwitch_PushesSessionRevokedThenAccountDisabled_SignedForTheStream()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.Soc);
        await soc.CreatePushStreamAsync("kill", authorization: "Bearer receiver-secret-1");

        await _host.KillAsync("bot-a", "credential theft suspected");
        var received = await _host.Receiver.WaitForAsync("kill", 2);

        Assert.Equal(2, received.Count);
        Assert.All(received, r =>
        {
            Assert.Equal("application/secevent+jwt", r.ContentType);
            Assert.Equal("application/json", r.Accept);
            Assert.Equal("Bearer receiver-secret-1", r.Authorization);
        });
        var header = Jwt.Header(received[0].Set);
        Assert.Equal("secevent+jwt", header.GetProperty("typ").GetString());
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        var revoked = await _host.VerifySetAsync(received[0].Set);
        var disabled = await _host.VerifySetAsync(received[1].Set);
        foreach (var set in new[] { revoked, disabled })
        {
            Assert.Equal(_host.Issuer, set.GetProperty("iss").GetString());
            Assert.Equal("https://soc.example.com/ssf", set.GetProperty("aud").GetString());
            Assert.False(set.TryGetProperty("sub", out _));
            Assert.False(set.TryGetProperty("exp", out _));
            Assert.Equal(32, set.GetProperty("jti").GetString()!.Length);
            Assert.True(set.GetProperty("iat").GetInt64() > 0);
            var subject = set.GetProperty("sub_id");
            Assert.Equal("iss_sub", subject.GetProperty("format").GetString());
            Assert.Equal(_host.Issuer, subject.GetProperty("iss").GetString());
            Assert.Equal("bot-a", subject.GetProperty("sub").GetString());
            Assert.Single(set.GetProperty("events").EnumerateObject());
        }
        Assert.Equal(revoked.GetProperty("txn").GetString(), disabled.GetProperty("txn").GetString());
        Assert.NotEqual(revoked.GetProperty("jti").GetString(), disabled.GetProperty("jti").GetString());
        var sessionRevoked = revoked.GetProperty("events").GetProperty(SecurityEventTypes.SessionRevoked);
        Assert.Equal("admin", sessionRevoked.GetProperty("initiating_entity").GetString());
        Assert.Equal("credential theft suspected", sessionRevoked.GetProperty("reason_admin").GetProperty("en").GetString());
        Assert.True(sessionRevoked.GetProperty("event_timestamp").GetInt64() > 0);
        Assert.True(disabled.GetProperty("events").TryGetProperty(SecurityEventTypes.AccountDisabled, out _));
    }

    [Fact]
    public async Task EnableAfterKill_PushesAccountEnabled()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.Soc);
        await soc.CreatePushStreamAsync("enable", events: [SecurityEventTypes.AccountEnabled]);

        await _host.KillAsync("bot-b");
        await _host.EnableAsync("bot-b");
        var received = await _host.Receiver.WaitForAsync("enable", 1);

        var set = await _host.VerifySetAsync(Assert.Single(received).Set);
        Assert.True(set.GetProperty("events").TryGetProperty(SecurityEventTypes.AccountEnabled, out _));
        Assert.Equal("bot-b", set.GetProperty("sub_id").GetProperty("sub").GetString());
    }

    [Fact]
    public async Task ReceiverDownThenUp_RetriesWithBackoffAndKeepsOrder()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.Soc);
        await soc.CreatePushStreamAsync("retry", events: [SecurityEventTypes.AccountDisabled, SecurityEventTypes.AccountEnabled]);
        var before = _host.Receiver.Attempts;
        _host.Receiver.FailNext(3, 503);

        await _host.KillAsync("bot-c");
        await _host.EnableAsync("bot-c");
        var received = await _host.Receiver.WaitForAsync("retry", 2);

        Assert.True(_host.Receiver.Attempts - before >= 5, "three refused attempts, then both SETs");
        Assert.True((await _host.VerifySetAsync(received[0].Set)).GetProperty("events").TryGetProperty(SecurityEventTypes.AccountDisabled, out _));
        Assert.True((await _host.VerifySetAsync(received[1].Set)).GetProperty("events").TryGetProperty(SecurityEventTypes.AccountEnabled, out _));
    }
}
