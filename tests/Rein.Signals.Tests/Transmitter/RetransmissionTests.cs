using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Rein.Core.Configuration;
using Rein.Signals.Events;
using Rein.Signals.Tests.Transmitter.Infrastructure;
using TestTransmitter = Rein.Signals.Tests.Infrastructure.TestTransmitter;

namespace Rein.Signals.Tests.Transmitter;

/// <summary>One Rein whose receiver takes SETs from <c>idp</c> (re-transmitted) and <c>quiet</c> (not).</summary>
public sealed class RetransmissionFixture : IAsyncLifetime
{
    public const string IdpIssuer = "https://idp.relay.example.com/";
    public const string QuietIssuer = "https://quiet.relay.example.com/";
    public const string Audience = "https://rein.relay.example.com/ssf";
    public const string PushSecret = "Bearer relay-push-secret-0123456789";

    internal TestTransmitter Idp { get; } = TestTransmitter.Create(IdpIssuer, "relay-idp-1");
    internal TestTransmitter Quiet { get; } = TestTransmitter.Create(QuietIssuer, "relay-quiet-1");
    private SignalsHost? _host;

    internal SignalsHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => _host = await SignalsHost.StartAsync(customize: config => config with
    {
        Signals = config.Signals with
        {
            Transmitters =
            [
                Entry("idp", Idp) with { Retransmit = true },
                Entry("quiet", Quiet),
            ],
        },
    });

    private static SignalTransmitterConfig Entry(string id, TestTransmitter transmitter) => new()
    {
        Id = id, Issuer = transmitter.Issuer, JwksJson = transmitter.Jwks, Audience = Audience,
        Push = new SignalPushConfig { Authorization = PushSecret },
    };

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}

/// <summary>
/// Received events re-transmitted by Rein's own transmitter (yaml <c>retransmit</c>): re-signed by Rein (its
/// <c>iss</c>, a new <c>jti</c>, the stream's <c>aud</c>), same event and <c>sub_id</c>, the received <c>txn</c>, on
/// every stream that asked for the type and subject; never when off, never an event Rein sent itself.
/// </summary>
public sealed class RetransmissionTests(RetransmissionFixture fixture) : IClassFixture<RetransmissionFixture>
{
    private const string DeviceCompliance = "https://schemas.openid.net/secevent/caep/event-type/device-compliance-change";
    private readonly SignalsHost _host = fixture.Host;

    private static string User(string sub) => $$"""{"format":"iss_sub","iss":"https://idp.relay.example.com/","sub":"{{sub}}"}""";

    private static string Payload(string iss, string eventType, string eventJson, string subId, string jti, string? txn = null) =>
        "{\"iss\":\"" + iss + "\",\"jti\":\"" + jti + "\",\"iat\":" + DateTimeOffset.UtcNow.ToUnixTimeSeconds() + ",\"aud\":\"" + RetransmissionFixture.Audience +
        "\"," + (txn is null ? "" : "\"txn\":\"" + txn + "\",") + "\"sub_id\":" + subId + ",\"events\":{\"" + eventType + "\":" + eventJson + "}}";

    private async Task PushAsync(string transmitter, string set)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_host.Issuer + "/ssf/receiver/" + transmitter));
        request.Headers.TryAddWithoutValidation("Authorization", RetransmissionFixture.PushSecret);
        request.Content = new StringContent(set, Encoding.ASCII);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/secevent+jwt");
        using var response = await _host.Http.SendAsync(request);
        Assert.True((int)response.StatusCode == 202, $"push answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task ReceivedEvent_ReachesAPushReceiverReSignedByRein_AndAPollReceiver()
    {
        using var push = await _host.ReceiverAsync(SignalsHost.Soc);
        var pushStream = await push.CreatePushStreamAsync("relay-both", [SecurityEventTypes.SessionRevoked, DeviceCompliance]);
        using var poll = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var pollStream = await poll.CreatePollStreamAsync([SecurityEventTypes.SessionRevoked, DeviceCompliance]);
        var eventJson = """{"event_timestamp":1700000000,"initiating_entity":"policy","reason_admin":{"en":"sign-in from a new country"}}""";
        var received = Sets(SecurityEventTypes.SessionRevoked, eventJson, User("ann"), "relay-txn-1", out var originalJti);

        await PushAsync("idp", received);

        var delivered = Assert.Single(await _host.Receiver.WaitForAsync("relay-both", 1));
        var pushed = await _host.VerifySetAsync(delivered.Set);
        Assert.Equal(_host.Issuer, pushed.GetProperty("iss").GetString());
        Assert.Equal("https://soc.example.com/ssf", pushed.GetProperty("aud").GetString());
        Assert.NotEqual(originalJti, pushed.GetProperty("jti").GetString());
        Assert.Equal("relay-txn-1", pushed.GetProperty("txn").GetString());
        Assert.Equal(Canonical(User("ann")), Canonical(pushed.GetProperty("sub_id").GetRawText()));
        Assert.Equal(Canonical(eventJson), Canonical(pushed.GetProperty("events").GetProperty(SecurityEventTypes.SessionRevoked).GetRawText()));
        Assert.Single(pushed.GetProperty("events").EnumerateObject());
        Assert.False(pushed.TryGetProperty("sub", out _));
        Assert.False(pushed.TryGetProperty("exp", out _));

        var polled = Assert.Single((await poll.PollAsync(pollStream, new { returnImmediately = true })).Sets.Values);
        var payload = await _host.VerifySetAsync(polled);
        Assert.Equal(_host.Issuer, payload.GetProperty("iss").GetString());
        Assert.Equal("relay-txn-1", payload.GetProperty("txn").GetString());
        Assert.True(payload.GetProperty("events").TryGetProperty(SecurityEventTypes.SessionRevoked, out _));

        // An event type Rein does not originate goes to the streams that requested it, too.
        await PushAsync("idp", Sets(DeviceCompliance, """{"previous_status":"compliant","current_status":"not-compliant"}""", User("ann"), null, out _));
        var second = (await _host.Receiver.WaitForAsync("relay-both", 2))[1];
        var device = await _host.VerifySetAsync(second.Set);
        Assert.True(device.GetProperty("events").TryGetProperty(DeviceCompliance, out _));
        Assert.False(string.IsNullOrEmpty(device.GetProperty("txn").GetString()));

        await push.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + pushStream);
        await poll.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + pollStream);
    }

    [Fact]
    public async Task WithRetransmitOn_EveryCaepAndRiscTypeIsSupported_AndARequestedRelayedTypeIsDelivered()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var created = await soc.PostAsync("/ssf/stream", new { events_requested = new[] { DeviceCompliance, SecurityEventTypes.SessionRevoked, "urn:example:unknown" } });

        Assert.Equal(201, created.Code);
        var supported = created.Json.GetProperty("events_supported").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(22, supported.Count);
        Assert.Equal(supported.Count, supported.Distinct().Count());
        Assert.Contains(DeviceCompliance, supported);
        Assert.Contains(SecurityEventTypes.CredentialCompromise, supported);
        Assert.DoesNotContain(SecurityEventTypes.Verification, supported);
        var delivered = created.Json.GetProperty("events_delivered").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal([SecurityEventTypes.SessionRevoked, DeviceCompliance], delivered);
        await soc.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + created.Json.GetProperty("stream_id").GetString());
    }

    [Fact]
    public async Task TransmitterWithoutRetransmit_ItsEventsAreNotReSent()
    {
        using var poll = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var pollStream = await poll.CreatePollStreamAsync([SecurityEventTypes.SessionRevoked]);

        await PushAsync("quiet", fixture.Quiet.Sign(Payload(RetransmissionFixture.QuietIssuer, SecurityEventTypes.SessionRevoked, "{}",
            """{"format":"iss_sub","iss":"https://quiet.relay.example.com/","sub":"bea"}""", Guid.NewGuid().ToString("N"))));
        // A re-transmitted event pushed after it is the first (and only) SET: nothing came before it.
        await PushAsync("idp", Sets(SecurityEventTypes.SessionRevoked, "{}", User("marker-quiet"), null, out _));

        var sets = (await poll.PollAsync(pollStream, new { returnImmediately = true })).Sets.Values;
        var only = Assert.Single(sets);
        Assert.Equal("marker-quiet", (await _host.VerifySetAsync(only)).GetProperty("sub_id").GetProperty("sub").GetString());
        await poll.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + pollStream);
    }

    [Fact]
    public async Task RemovedSubject_IsNotReSent_OtherSubjectsAre_AndUnrequestedTypesAreNot()
    {
        using var poll = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var pollStream = await poll.CreatePollStreamAsync([SecurityEventTypes.SessionRevoked]);
        var removed = await poll.SendAsync(HttpMethod.Post, "/ssf/subjects:remove", $$"""{"stream_id":"{{pollStream}}","subject":{{User("cid")}}}""");
        Assert.Equal(204, removed.Code);

        await PushAsync("idp", Sets(SecurityEventTypes.SessionRevoked, "{}", User("cid"), null, out _));
        await PushAsync("idp", Sets(DeviceCompliance, """{"previous_status":"compliant","current_status":"not-compliant"}""", User("dee"), null, out _));
        await PushAsync("idp", Sets(SecurityEventTypes.SessionRevoked, "{}", User("dee"), null, out _));

        var only = Assert.Single((await poll.PollAsync(pollStream, new { returnImmediately = true })).Sets.Values);
        var payload = await _host.VerifySetAsync(only);
        Assert.Equal("dee", payload.GetProperty("sub_id").GetProperty("sub").GetString());
        Assert.True(payload.GetProperty("events").TryGetProperty(SecurityEventTypes.SessionRevoked, out _));
        await poll.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + pollStream);
    }

    [Fact]
    public async Task EventReinSentItself_ComingBackThroughATransmitter_IsNotReSent()
    {
        using var poll = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var pollStream = await poll.CreatePollStreamAsync([SecurityEventTypes.AccountDisabled, SecurityEventTypes.SessionRevoked]);
        await _host.KillAsync("bot-e");
        var own = (await poll.PollAsync(pollStream, new { returnImmediately = true })).Sets;
        Assert.Equal(2, own.Count);
        var disabled = (await Task.WhenAll(own.Values.Select(_host.VerifySetAsync)))
            .Single(p => p.GetProperty("events").TryGetProperty(SecurityEventTypes.AccountDisabled, out _));
        var txn = disabled.GetProperty("txn").GetString()!;

        // The IdP relays Rein's own account-disabled back (same txn, same event, same subject).
        await PushAsync("idp", Sets(SecurityEventTypes.AccountDisabled, "{}", disabled.GetProperty("sub_id").GetRawText(), txn, out _));
        await PushAsync("idp", Sets(SecurityEventTypes.SessionRevoked, "{}", User("marker-loop"), null, out _));

        // Neither re-sent nor announced again (the agent was suspended already): only the marker follows.
        var after = (await poll.PollAsync(pollStream, new { returnImmediately = true, ack = own.Keys })).Sets.Values;
        var only = Assert.Single(after);
        Assert.Equal("marker-loop", (await _host.VerifySetAsync(only)).GetProperty("sub_id").GetProperty("sub").GetString());
        await _host.EnableAsync("bot-e");
        await poll.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + pollStream);
    }

    [Fact]
    public async Task ReceivedEventThatSuspendsAnAgent_IsSentOnce_AndReinsAnnouncementSharesItsTxn()
    {
        using var poll = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var pollStream = await poll.CreatePollStreamAsync([SecurityEventTypes.AccountDisabled, SecurityEventTypes.SessionRevoked]);

        await PushAsync("idp", Sets(SecurityEventTypes.AccountDisabled, "{}",
            $$"""{"format":"iss_sub","iss":"{{_host.Issuer}}","sub":"bot-f"}""", null, out _));

        var sets = (await poll.PollAsync(pollStream, new { returnImmediately = true })).Sets.Values;
        var payloads = await Task.WhenAll(sets.Select(_host.VerifySetAsync));
        Assert.Equal(2, payloads.Length);
        Assert.Single(payloads, p => p.GetProperty("events").TryGetProperty(SecurityEventTypes.AccountDisabled, out _));
        Assert.Single(payloads, p => p.GetProperty("events").TryGetProperty(SecurityEventTypes.SessionRevoked, out _));
        Assert.Single(payloads.Select(p => p.GetProperty("txn").GetString()).Distinct());
        await _host.EnableAsync("bot-f");
        await poll.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + pollStream);
    }

    private string Sets(string eventType, string eventJson, string subId, string? txn, out string jti)
    {
        jti = Guid.NewGuid().ToString("N");
        return fixture.Idp.Sign(Payload(RetransmissionFixture.IdpIssuer, eventType, eventJson, subId, jti, txn));
    }

    private static string Canonical(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Sorted(document.RootElement);

        static string Sorted(JsonElement element) => element.ValueKind == JsonValueKind.Object
            ? "{" + string.Join(",", element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p.Name) + ":" + Sorted(p.Value))) + "}"
            : element.GetRawText();
    }
}
