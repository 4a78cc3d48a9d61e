using Rein.Signals.Events;
using Rein.Signals.Tests.Transmitter.Infrastructure;
using Rein.Signals.Transmitter;

namespace Rein.Signals.Tests.Transmitter;

/// <summary>RFC 8936 poll: SETs wait until acknowledged, long polls wake on new SETs, setErrs count as answered.</summary>
public sealed class PollDeliveryTests(SignalsFixture fixture) : IClassFixture<SignalsFixture>
{
    private readonly SignalsHost _host = fixture.Host;

    [Fact]
    public async Task Poll_ReturnsSetsInOrder_AckRemovesThem()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var id = await soc.CreatePollStreamAsync([SecurityEventTypes.SessionRevoked, SecurityEventTypes.AccountDisabled]);

        await _host.KillAsync("bot-a");
        var first = await soc.PollAsync(id, new { returnImmediately = true });
        var acked = await soc.PollAsync(id, new { returnImmediately = true, ack = first.Sets.Keys });

        Assert.Equal(2, first.Sets.Count);
        var types = new List<string>();
        foreach (var (jti, set) in first.Sets)
        {
            var payload = await _host.VerifySetAsync(set);
            Assert.Equal(jti, payload.GetProperty("jti").GetString());
            Assert.Equal("RS256", Jwt.Header(set).GetProperty("alg").GetString());
            types.Add(payload.GetProperty("events").EnumerateObject().Single().Name);
        }
        Assert.Equal([SecurityEventTypes.SessionRevoked, SecurityEventTypes.AccountDisabled], types);
        Assert.False(first.More);
        Assert.Empty(acked.Sets);
    }

    [Fact]
    public async Task LongPoll_WaitsForTheNextSet()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var id = await soc.CreatePollStreamAsync([SecurityEventTypes.AccountDisabled]);

        var waiting = soc.PollAsync(id, new { returnImmediately = false });
        await _host.KillAsync("bot-b");
        var result = await waiting.WaitAsync(TimeSpan.FromSeconds(15));

        var set = await _host.VerifySetAsync(Assert.Single(result.Sets.Values));
        Assert.Equal("bot-b", set.GetProperty("sub_id").GetProperty("sub").GetString());
    }

    [Fact]
    public async Task MaxEvents_LimitsTheAnswer_AndSaysMoreAvailable_ZeroOnlyAcknowledges()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var id = await soc.CreatePollStreamAsync([SecurityEventTypes.SessionRevoked, SecurityEventTypes.AccountDisabled]);
        await _host.KillAsync("bot-c");

        var one = await soc.PollAsync(id, new { returnImmediately = true, maxEvents = 1 });
        var ackOnly = await soc.PollAsync(id, new { maxEvents = 0, ack = one.Sets.Keys });
        var rest = await soc.PollAsync(id, new { returnImmediately = true });

        Assert.Single(one.Sets);
        Assert.True(one.More);
        Assert.Empty(ackOnly.Sets);
        Assert.Single(rest.Sets);
        Assert.NotEqual(one.Sets.Keys.Single(), rest.Sets.Keys.Single());
    }

    [Fact]
    public async Task SetErrs_CountAsAnswered()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var id = await soc.CreatePollStreamAsync([SecurityEventTypes.AccountDisabled]);
        await _host.KillAsync("bot-d");
        var first = await soc.PollAsync(id, new { returnImmediately = true });
        var jti = first.Sets.Keys.Single();

        var response = await soc.PostAsync("/ssf/poll/" + id, new
        {
            returnImmediately = true,
            setErrs = new Dictionary<string, object> { [jti] = new { err = "invalid_audience", description = "not for us" } },
        });

        Assert.Equal(200, response.Code);
        Assert.Empty(response.Json.GetProperty("sets").EnumerateObject());
    }

    [Theory]
    [InlineData("""{"maxEvents":-1}""")]
    [InlineData("""{"returnImmediately":"yes"}""")]
    [InlineData("""{"ack":"abc"}""")]
    [InlineData("""{"setErrs":{"abc":"bad"}}""")]
    [InlineData("not json")]
    public async Task MalformedPoll_Is400WithRfc8935Error(string body)
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var id = await soc.CreatePollStreamAsync();

        var response = await soc.SendAsync(HttpMethod.Post, "/ssf/poll/" + id, body);

        Assert.Equal(400, response.Code);
        Assert.Equal("invalid_request", response.Json.GetProperty("err").GetString());
        await soc.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + id);
    }

    [Fact]
    public async Task Poll_OnAPushStream_Is404()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.Soc);
        var id = await soc.CreatePushStreamAsync("not-poll");

        var response = await soc.PostAsync("/ssf/poll/" + id, new { returnImmediately = true });

        Assert.Equal(404, response.Code);
    }

    [Fact]
    public async Task UnacknowledgedSet_IsHandedOutAgainAfterTheRedeliveryWindow()
    {
        await using var host = await SignalsHost.StartAsync(options: SignalsHost.TestOptions with { PollRedelivery = TimeSpan.Zero });
        using var soc = await host.ReceiverAsync(SignalsHost.PollOnly);
        var id = await soc.CreatePollStreamAsync([SecurityEventTypes.AccountDisabled]);
        await host.KillAsync("bot-e");

        var first = await soc.PollAsync(id, new { returnImmediately = true });
        var again = await soc.PollAsync(id, new { returnImmediately = true });

        Assert.Equal(first.Sets, again.Sets);
    }
}
