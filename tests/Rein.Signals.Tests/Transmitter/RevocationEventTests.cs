using Rein.Signals.Events;
using Rein.Signals.Tests.Transmitter.Infrastructure;

namespace Rein.Signals.Tests.Transmitter;

/// <summary>Admin revocations and key rotations become CAEP events with the subject formats Rein documents.</summary>
public sealed class RevocationEventTests(SignalsFixture fixture) : IClassFixture<SignalsFixture>
{
    private readonly SignalsHost _host = fixture.Host;

    [Theory]
    [InlineData("jti:7d1c0f8e", "jwt_id")]
    [InlineData("sid:session-42", "opaque")]
    [InlineData("user:https://idp.example.com|alice", "iss_sub")]
    [InlineData("agent:bot-g", "iss_sub")]
    public async Task AdminRevocation_IsSessionRevokedForTheSubject(string subject, string format)
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var id = await soc.CreatePollStreamAsync([SecurityEventTypes.SessionRevoked]);

        await _host.AdminPostAsync("/admin/v1/revocations", System.Text.Json.JsonSerializer.Serialize(new { subject, reason = "incident 7" }));
        var result = await soc.PollAsync(id, new { returnImmediately = true });
        await soc.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + id);

        var set = await _host.VerifySetAsync(Assert.Single(result.Sets.Values));
        var subId = set.GetProperty("sub_id");
        Assert.Equal(format, subId.GetProperty("format").GetString());
        var value = subject[(subject.IndexOf(':', StringComparison.Ordinal) + 1)..];
        switch (format)
        {
            case "jwt_id":
                Assert.Equal(_host.Issuer, subId.GetProperty("iss").GetString());
                Assert.Equal(value, subId.GetProperty("jti").GetString());
                break;
            case "opaque":
                Assert.Equal(value, subId.GetProperty("id").GetString());
                break;
            default:
                var bar = value.IndexOf('|', StringComparison.Ordinal);
                Assert.Equal(bar < 0 ? _host.Issuer : value[..bar], subId.GetProperty("iss").GetString());
                Assert.Equal(bar < 0 ? value : value[(bar + 1)..], subId.GetProperty("sub").GetString());
                break;
        }
        var revoked = set.GetProperty("events").GetProperty(SecurityEventTypes.SessionRevoked);
        Assert.Equal("admin", revoked.GetProperty("initiating_entity").GetString());
        Assert.Equal("incident 7", revoked.GetProperty("reason_admin").GetProperty("en").GetString());
    }

    [Fact]
    public async Task KeyRotation_IsCredentialChangeAboutTheIssuer()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.PollOnly);
        var id = await soc.CreatePollStreamAsync([SecurityEventTypes.CredentialChange]);

        await _host.AdminPostAsync("/admin/v1/keys/rotate", """{"algorithm":"ES256"}""");
        var result = await soc.PollAsync(id, new { returnImmediately = true });

        var set = await _host.VerifySetAsync(Assert.Single(result.Sets.Values));
        Assert.Equal("uri", set.GetProperty("sub_id").GetProperty("format").GetString());
        Assert.Equal(_host.Issuer, set.GetProperty("sub_id").GetProperty("uri").GetString());
        var change = set.GetProperty("events").GetProperty(SecurityEventTypes.CredentialChange);
        Assert.Equal("jwk", change.GetProperty("credential_type").GetString());
        Assert.Equal("create", change.GetProperty("change_type").GetString());
        Assert.StartsWith("es256-", change.GetProperty("friendly_name").GetString(), StringComparison.Ordinal);
        Assert.NotEmpty(change.GetProperty("reason_admin").GetProperty("en").GetString()!);
    }
}
