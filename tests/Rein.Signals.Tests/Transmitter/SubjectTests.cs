using Rein.Signals.Events;
using Rein.Signals.Tests.Transmitter.Infrastructure;

namespace Rein.Signals.Tests.Transmitter;

/// <summary>SSF 1.0 §8.1.3 with default_subjects ALL: removing a subject stops its events, adding it back resumes them.</summary>
public sealed class SubjectTests(SignalsFixture fixture) : IClassFixture<SignalsFixture>
{
    private readonly SignalsHost _host = fixture.Host;

    [Fact]
    public async Task RemovedSubject_GetsNoEvents_OthersDo_AndAddingItBackResumes()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var id = await soc.CreatePollStreamAsync([SecurityEventTypes.AccountDisabled, SecurityEventTypes.AccountEnabled]);

        // Member order differs from Rein's own: subjects match by value, not by spelling.
        var removed = await soc.PostAsync("/ssf/subjects:remove", new { stream_id = id, subject = new { sub = "bot-g", iss = _host.Issuer, format = "iss_sub" } });
        await _host.KillAsync("bot-g");
        await _host.KillAsync("bot-h");
        var afterRemove = await soc.PollAsync(id, new { returnImmediately = true });
        var added = await soc.PostAsync("/ssf/subjects:add", new { stream_id = id, subject = new { format = "iss_sub", iss = _host.Issuer, sub = "bot-g" }, verified = true });
        await _host.EnableAsync("bot-g");
        var afterAdd = await soc.PollAsync(id, new { returnImmediately = true, ack = afterRemove.Sets.Keys });

        Assert.Equal(204, removed.Code);
        Assert.Equal(200, added.Code);
        Assert.Equal("", added.Body);
        var first = Assert.Single(afterRemove.Sets.Values);
        Assert.Equal("bot-h", (await _host.VerifySetAsync(first)).GetProperty("sub_id").GetProperty("sub").GetString());
        var second = Assert.Single(afterAdd.Sets.Values);
        var payload = await _host.VerifySetAsync(second);
        Assert.Equal("bot-g", payload.GetProperty("sub_id").GetProperty("sub").GetString());
        Assert.True(payload.GetProperty("events").TryGetProperty(SecurityEventTypes.AccountEnabled, out _));
    }

    [Theory]
    [InlineData("""{"format":"email"}""")]
    [InlineData("""{"format":"iss_sub","iss":"https://idp.example.com"}""")]
    [InlineData("""{"email":"a@example.com"}""")]
    [InlineData("""{"format":"complex"}""")]
    [InlineData("""{"format":"ip-addresses","ip-addresses":["not-an-ip"]}""")]
    [InlineData("\"bot\"")]
    public async Task MalformedSubject_Is400(string subject)
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var id = await soc.CreatePollStreamAsync();

        var response = await soc.SendAsync(HttpMethod.Post, "/ssf/subjects:add", $$"""{"stream_id":"{{id}}","subject":{{subject}}}""");

        Assert.Equal(400, response.Code);
        await soc.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + id);
    }

    [Fact]
    public async Task UnknownButWellFormedSubject_IsAcceptedSilently()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var id = await soc.CreatePollStreamAsync();

        var complex = await soc.PostAsync("/ssf/subjects:add", new
        {
            stream_id = id,
            subject = new { format = "complex", user = new { format = "email", email = "nobody@example.com" }, tenant = new { format = "opaque", id = "t1" } },
        });

        Assert.Equal(200, complex.Code);
        await soc.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + id);
    }

    [Fact]
    public async Task RemovingTheStreamsOwnSubject_Is400()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var id = await soc.CreatePollStreamAsync();

        var response = await soc.PostAsync("/ssf/subjects:remove", new { stream_id = id, subject = new { format = "opaque", id } });

        Assert.Equal(400, response.Code);
        await soc.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + id);
    }
}
