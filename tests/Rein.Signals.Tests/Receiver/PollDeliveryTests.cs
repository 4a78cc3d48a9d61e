using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rein.Core.Configuration;
using Rein.Core.Storage;
using Rein.Signals.Tests.Infrastructure;

namespace Rein.Signals.Tests.Receiver;

/// <summary>
/// Poll delivery (RFC 8936) against a small transmitter: Rein finds it through discovery, creates its stream (SSF 1.0
/// §8.1.1), asks for verification, long-polls, and acknowledges or refuses each SET on its next poll.
/// </summary>
public sealed class PollDeliveryTests
{
    private const string Audience = "https://rein.example.com/ssf";

    [Fact]
    public async Task Poll_CreatesStreamVerifiesItAndActsOnPolledSets_AckingGoodOnesAndReportingBadOnes()
    {
        await using var fake = await FakeTransmitter.StartAsync(Audience);
        var config = new SignalTransmitterConfig
        {
            Id = "poller",
            Issuer = fake.Issuer,
            Audience = Audience,
            Poll = new SignalPollConfig { Authorization = FakeTransmitter.PollSecret, Interval = TimeSpan.FromSeconds(1) },
            Stream = new SignalStreamConfig { Authorization = FakeTransmitter.ManagementSecret },
        };
        await using var host = await SignalsHost.StartAsync([config]);
        using var agent = await host.AgentAsync();

        // Verification: the state Rein asked for comes back as a verification SET on the stream.
        var state = await fake.VerificationRequested.WaitAsync(TimeSpan.FromSeconds(20));
        var verify = fake.Enqueue("v-1", fake.Signer.Sign(Sets.Payload(fake.Issuer, Audience, "https://schemas.openid.net/secevent/ssf/event-type/verification",
            JsonSerializer.Serialize(new { state }), subId: Sets.Opaque(FakeTransmitter.StreamId), jti: "v-1")));
        var revoke = fake.Enqueue("r-1", fake.Signer.Sign(Sets.Payload(fake.Issuer, Audience, Sets.SessionRevoked, subId: Sets.Opaque(agent.SessionId), jti: "r-1")));
        var bad = fake.Enqueue("b-1", fake.Signer.Sign(Sets.Payload(fake.Issuer, "https://not-rein.example.com", Sets.SessionRevoked, subId: Sets.Opaque("x"), jti: "b-1")));

        // The long poll may answer with the first SET alone (it returns as soon as one is queued): the outcomes can
        // come back over more than one poll.
        var acked = new HashSet<string>(StringComparer.Ordinal);
        JsonElement? errors = null;
        var report = await fake.WaitForPollAsync(p =>
        {
            foreach (var a in p.GetProperty("ack").EnumerateArray()) acked.Add(a.GetString()!);
            if (p.TryGetProperty("setErrs", out var e)) errors = e;
            return acked.Count >= 2 && errors is not null;
        });

        Assert.Equal(["r-1", "v-1"], acked.Order(StringComparer.Ordinal));
        var error = errors!.Value.GetProperty("b-1");
        Assert.Equal("invalid_audience", error.GetProperty("err").GetString());
        Assert.False(report.GetProperty("returnImmediately").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/tickets/1")).Status);

        var created = fake.CreateRequest!.Value;
        Assert.Equal("urn:ietf:rfc:8936", created.GetProperty("delivery").GetProperty("method").GetString());
        Assert.Contains(Sets.SessionRevoked, created.GetProperty("events_requested").EnumerateArray().Select(e => e.GetString()));

        var factory = host.App.Services.GetRequiredService<IDbContextFactory<ReinDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var stream = await db.SignalStreams.SingleAsync(s => s.Transmitter == "poller");
        Assert.Equal(FakeTransmitter.StreamId, stream.StreamId);
        Assert.NotNull(stream.VerifiedAt);
        Assert.Null(stream.PendingVerificationState);
        Assert.NotEqual(verify, revoke);
        Assert.NotEmpty(bad);
    }

    [Fact]
    public async Task Poll_WrongVerificationState_IsReportedAsInvalidState()
    {
        await using var fake = await FakeTransmitter.StartAsync(Audience);
        var config = new SignalTransmitterConfig
        {
            Id = "poller",
            Issuer = fake.Issuer,
            Audience = Audience,
            Poll = new SignalPollConfig { Authorization = FakeTransmitter.PollSecret, Interval = TimeSpan.FromSeconds(1) },
            Stream = new SignalStreamConfig { Authorization = FakeTransmitter.ManagementSecret },
        };
        await using var host = await SignalsHost.StartAsync([config]);
        await fake.VerificationRequested.WaitAsync(TimeSpan.FromSeconds(20));

        fake.Enqueue("v-bad", fake.Signer.Sign(Sets.Payload(fake.Issuer, Audience, "https://schemas.openid.net/secevent/ssf/event-type/verification",
            """{"state":"not-what-rein-asked-for"}""", subId: Sets.Opaque(FakeTransmitter.StreamId), jti: "v-bad")));
        var report = await fake.WaitForPollAsync(p => p.TryGetProperty("setErrs", out _));

        Assert.Equal("invalid_state", report.GetProperty("setErrs").GetProperty("v-bad").GetProperty("err").GetString());
    }
}
