using System.Text.Json;
using Rein.Signals.Events;
using Rein.Signals.Tests.Transmitter.Infrastructure;

namespace Rein.Signals.Tests.Transmitter;

/// <summary>SSF 1.0 §8.1.1: create, read, update, replace and delete streams, with the status codes of its tables.</summary>
public sealed class StreamManagementTests(SignalsFixture fixture) : IClassFixture<SignalsFixture>
{
    private readonly SignalsHost _host = fixture.Host;

    [Fact]
    public async Task Create_PushStream_Returns201WithTransmitterSuppliedValues()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.Soc);
        var created = await soc.PostAsync("/ssf/stream", new
        {
            delivery = new { method = "urn:ietf:rfc:8935", endpoint_url = _host.Receiver.Endpoint("create"), authorization_header = "Bearer secret-value-42" },
            events_requested = new[] { SecurityEventTypes.SessionRevoked, "urn:example:unknown", SecurityEventTypes.AccountDisabled },
            description = "SOC stream",
        });

        Assert.Equal(201, created.Code);
        Assert.Equal("no-store", created.Header("Cache-Control"));
        var json = created.Json;
        Assert.Matches("^[0-9a-f]{32}$", json.GetProperty("stream_id").GetString());
        Assert.Equal(_host.Issuer, json.GetProperty("iss").GetString());
        Assert.Equal("https://soc.example.com/ssf", json.GetProperty("aud").GetString());
        Assert.Equal("urn:ietf:rfc:8935", json.GetProperty("delivery").GetProperty("method").GetString());
        Assert.Equal(_host.Receiver.Endpoint("create"), json.GetProperty("delivery").GetProperty("endpoint_url").GetString());
        Assert.False(json.GetProperty("delivery").TryGetProperty("authorization_header", out _));
        Assert.DoesNotContain("secret-value-42", created.Body, StringComparison.Ordinal);
        Assert.Equal(5, json.GetProperty("events_supported").GetArrayLength());
        Assert.Equal(3, json.GetProperty("events_requested").GetArrayLength());
        Assert.Equal([SecurityEventTypes.SessionRevoked, SecurityEventTypes.AccountDisabled], Strings(json.GetProperty("events_delivered")));
        Assert.Equal("SOC stream", json.GetProperty("description").GetString());
        Assert.Equal(30, json.GetProperty("min_verification_interval").GetInt32());
    }

    [Fact]
    public async Task Create_WithoutDelivery_IsPollWithTransmitterSuppliedEndpoint()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var created = await soc.PostAsync("/ssf/stream", new { events_requested = new[] { SecurityEventTypes.SessionRevoked } });

        Assert.Equal(201, created.Code);
        var delivery = created.Json.GetProperty("delivery");
        Assert.Equal("urn:ietf:rfc:8936", delivery.GetProperty("method").GetString());
        Assert.Equal(_host.Issuer + "/ssf/poll/" + created.Json.GetProperty("stream_id").GetString(), delivery.GetProperty("endpoint_url").GetString());
        Assert.Equal("poll-only", created.Json.GetProperty("aud").GetString());
    }

    [Theory]
    [InlineData("{not json", "The body is not valid JSON.")]
    [InlineData("[]", "The body must be a JSON object.")]
    [InlineData("""{"delivery":{"method":"urn:example:carrier-pigeon"}}""", "delivery.method must be urn:ietf:rfc:8935 (push) or urn:ietf:rfc:8936 (poll).")]
    [InlineData("""{"delivery":{"method":"urn:ietf:rfc:8935"}}""", "delivery.endpoint_url is required for push delivery.")]
    [InlineData("""{"delivery":{"method":"urn:ietf:rfc:8935","endpoint_url":"https://elsewhere.example.com/events"}}""", "endpoint_url is not under any of this receiver's configured push_endpoints.")]
    [InlineData("""{"delivery":{"method":"urn:ietf:rfc:8935","endpoint_url":"http://10.0.0.7/events"}}""", "endpoint_url must use https.")]
    [InlineData("""{"delivery":{"method":"urn:ietf:rfc:8936","endpoint_url":"https://receiver.example.com/poll"}}""", "For poll delivery the transmitter supplies endpoint_url; leave it out.")]
    [InlineData("""{"events_requested":"all"}""", "events_requested must be an array of at most 64 event type URIs.")]
    [InlineData("""{"description":42}""", "description must be a string.")]
    public async Task Create_InvalidRequest_Is400Problem(string body, string detail)
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.Soc);

        var response = await soc.SendAsync(HttpMethod.Post, "/ssf/stream", body);

        Assert.Equal(400, response.Code);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal(detail, response.Json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Create_PushOutsideAllowedPrefixOnSameHost_Is400()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.Soc);
        var sneaky = _host.Receiver.Url + "/eventsX/attack";

        var response = await soc.PostAsync("/ssf/stream", new { delivery = new { method = "urn:ietf:rfc:8935", endpoint_url = sneaky } });

        Assert.Equal(400, response.Code);
    }

    [Fact]
    public async Task Create_ReceiverWithoutPushEndpoints_CannotPush()
    {
        using var reader = await _host.ReceiverAsync(SignalsHost.PollOnly);

        var response = await reader.PostAsync("/ssf/stream", new { delivery = new { method = "urn:ietf:rfc:8935", endpoint_url = _host.Receiver.Endpoint("x") } });

        Assert.Equal(400, response.Code);
        Assert.Contains("no push_endpoints", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadUpdateReplaceDelete_FollowTheSpec()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.BearerSoc, dpop: false);
        var id = await soc.CreatePushStreamAsync("crud", events: [SecurityEventTypes.SessionRevoked]);

        var read = await soc.SendAsync(HttpMethod.Get, "/ssf/stream?stream_id=" + id);
        var list = await soc.SendAsync(HttpMethod.Get, "/ssf/stream");
        var patched = await soc.SendAsync(HttpMethod.Patch, "/ssf/stream", JsonSerializer.Serialize(new
        {
            stream_id = id, iss = _host.Issuer, events_requested = new[] { SecurityEventTypes.SessionRevoked, SecurityEventTypes.AccountEnabled },
        }));
        var replaced = await soc.SendAsync(HttpMethod.Put, "/ssf/stream", JsonSerializer.Serialize(new
        {
            stream_id = id, delivery = new { method = "urn:ietf:rfc:8936" }, events_requested = new[] { SecurityEventTypes.CredentialChange },
        }));
        var deleted = await soc.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + id);
        var gone = await soc.SendAsync(HttpMethod.Get, "/ssf/stream?stream_id=" + id);
        var deletedAgain = await soc.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + id);

        Assert.Equal(200, read.Code);
        Assert.Equal(id, read.Json.GetProperty("stream_id").GetString());
        Assert.Equal(200, list.Code);
        Assert.Contains(list.Json.EnumerateArray(), s => s.GetProperty("stream_id").GetString() == id);
        Assert.Equal(200, patched.Code);
        Assert.Equal([SecurityEventTypes.SessionRevoked, SecurityEventTypes.AccountEnabled], Strings(patched.Json.GetProperty("events_delivered")));
        Assert.Equal("test stream crud", patched.Json.GetProperty("description").GetString());
        Assert.Equal("urn:ietf:rfc:8935", patched.Json.GetProperty("delivery").GetProperty("method").GetString());
        Assert.Equal(200, replaced.Code);
        Assert.Equal("urn:ietf:rfc:8936", replaced.Json.GetProperty("delivery").GetProperty("method").GetString());
        Assert.False(replaced.Json.TryGetProperty("description", out _));
        Assert.Equal([SecurityEventTypes.CredentialChange], Strings(replaced.Json.GetProperty("events_delivered")));
        Assert.Equal(204, deleted.Code);
        Assert.Equal(404, gone.Code);
        Assert.Equal(404, deletedAgain.Code);
    }

    [Theory]
    [InlineData("iss", "\"https://someone-else.example.com\"")]
    [InlineData("aud", "\"https://not-the-soc.example.com\"")]
    [InlineData("events_delivered", "[\"https://schemas.openid.net/secevent/caep/event-type/credential-change\"]")]
    [InlineData("min_verification_interval", "1")]
    public async Task Update_TransmitterSuppliedValueThatDoesNotMatch_Is400(string member, string value)
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.Soc);
        var id = await soc.CreatePushStreamAsync("mismatch-" + member, events: [SecurityEventTypes.SessionRevoked]);

        var response = await soc.SendAsync(HttpMethod.Patch, "/ssf/stream", $$"""{"stream_id":"{{id}}","{{member}}":{{value}},"description":"changed"}""");
        var after = await soc.SendAsync(HttpMethod.Get, "/ssf/stream?stream_id=" + id);

        Assert.Equal(400, response.Code);
        Assert.Equal($"{member} is set by the transmitter and does not match its value.", response.Json.GetProperty("detail").GetString());
        Assert.Equal("test stream mismatch-" + member, after.Json.GetProperty("description").GetString());
        await soc.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + id);
    }

    [Fact]
    public async Task Update_WithoutStreamId_Is400_AndUnknownStream_Is404()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.Soc);

        var missing = await soc.SendAsync(HttpMethod.Patch, "/ssf/stream", """{"description":"x"}""");
        var unknown = await soc.SendAsync(HttpMethod.Patch, "/ssf/stream", """{"stream_id":"nope","description":"x"}""");
        var deleteWithout = await soc.SendAsync(HttpMethod.Delete, "/ssf/stream");

        Assert.Equal(400, missing.Code);
        Assert.Equal(404, unknown.Code);
        Assert.Equal(400, deleteWithout.Code);
    }

    [Fact]
    public async Task Create_BeyondTheReceiversStreamLimit_Is409()
    {
        await using var host = await SignalsHost.StartAsync();
        using var soc = await host.ReceiverAsync(SignalsHost.Soc);
        for (var i = 0; i < 5; i++) await soc.CreatePollStreamAsync();

        var sixth = await soc.PostAsync("/ssf/stream", new { events_requested = new[] { SecurityEventTypes.SessionRevoked } });

        Assert.Equal(409, sixth.Code);
    }

    private static List<string?> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()).ToList();
}
