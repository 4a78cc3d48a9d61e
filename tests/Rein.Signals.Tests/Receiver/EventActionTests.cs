using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rein.Core.Revocation;
using Rein.Signals.Receiver;
using Rein.Signals.Tests.Infrastructure;

namespace Rein.Signals.Tests.Receiver;

/// <summary>
/// What events do, end to end: a SET pushed over HTTP, then the agent's next call through the gateway. Each test
/// has its own Rein (each changes the agent's state).
/// </summary>
public sealed class EventActionTests
{
    private const string Iss = ReceiverFixture.IdpIssuer;
    private const string Aud = ReceiverFixture.Audience;
    private readonly TestTransmitter _idp = TestTransmitter.Create(Iss);

    private Task<SignalsHost> StartAsync(IReadOnlyDictionary<string, string>? actions = null) =>
        SignalsHost.StartAsync([SignalsHost.Transmitter("idp", _idp, Aud, actions)]);

    private static string Agent(SignalsHost host) => Sets.IssSub(host.Issuer, "bot");

    [Fact]
    public async Task SessionRevoked_ForTheAgentsSession_NextCallIsRefusedAndTimeToContainIsMeasured()
    {
        await using var host = await StartAsync();
        using var agent = await host.AgentAsync();
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/tickets/1")).Status);

        (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: Sets.Opaque(agent.SessionId))))).AssertAccepted();
        var next = await agent.GetAsync("/tickets/2");

        Assert.Equal(HttpStatusCode.Unauthorized, next.Status);
        Assert.Contains("token has been revoked", next.WwwAuthenticate, StringComparison.Ordinal);
        Assert.Equal(1, host.Upstream.Requests);
        Assert.NotNull(host.App.Services.GetRequiredService<TimeToContain>().Last);
        var applied = Assert.Single(await host.AuditAsync("signal.received"));
        Assert.Contains("\"decision\":\"applied\"", applied.Data, StringComparison.Ordinal);
        Assert.Contains("sid:" + agent.SessionId, applied.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionRevoked_ANewSessionAfterwardsWorks()
    {
        await using var host = await StartAsync();
        using var agent = await host.AgentAsync();
        (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: Sets.Opaque(agent.SessionId))))).AssertAccepted();

        using var fresh = await host.AgentAsync();

        Assert.NotEqual(agent.SessionId, fresh.SessionId);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/tickets/1")).Status);
    }

    [Fact]
    public async Task AccountDisabled_ForTheAgent_SuspendsItUntilAccountEnabled()
    {
        await using var host = await StartAsync();
        using var agent = await host.AgentAsync();

        (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.AccountDisabled, """{"reason":"hijacking"}""", subId: Agent(host))))).AssertAccepted();
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/tickets/1")).Status);
        await Assert.ThrowsAsync<Rein.Client.ReinClientException>(host.AgentAsync);

        (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.AccountEnabled, subId: Agent(host))))).AssertAccepted();
        using var fresh = await host.AgentAsync();
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/tickets/1")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/tickets/1")).Status);
    }

    [Fact]
    public async Task Redelivery_IsAcknowledgedWithNoSecondEffect_EvenAfterARestart()
    {
        var data = Directory.CreateTempSubdirectory("rein-signals-redelivery-").FullName;
        var disabled = _idp.Sign(Sets.Payload(Iss, Aud, Sets.AccountDisabled, subId: Sets.IssSub("http://placeholder", "bot")));
        try
        {
            string issuer;
            await using (var host = await SignalsHost.StartAsync([SignalsHost.Transmitter("idp", _idp, Aud)], data))
            {
                issuer = host.Issuer;
                disabled = _idp.Sign(Sets.Payload(Iss, Aud, Sets.AccountDisabled, subId: Agent(host)));
                (await host.PushAsync("idp", disabled)).AssertAccepted();
                (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.AccountEnabled, subId: Agent(host))))).AssertAccepted();

                (await host.PushAsync("idp", disabled)).AssertAccepted();

                using var agent = await host.AgentAsync();
                Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/tickets/1")).Status);
                var records = await host.AuditAsync("signal.received");
                Assert.Contains("\"decision\":\"duplicate\"", records[^1].Data, StringComparison.Ordinal);
            }

            await using var restarted = await SignalsHost.StartAsync([SignalsHost.Transmitter("idp", _idp, Aud)], data);
            Assert.NotNull(issuer);
            (await restarted.PushAsync("idp", Resign(disabled, restarted.Issuer, issuer))).AssertAccepted();
            using var again = await restarted.AgentAsync();
            Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/tickets/1")).Status);
        }
        finally
        {
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// The same SET (same jti) naming the restarted Rein's issuer: the port changed across the restart, so the agent's
    /// iss_sub changes with it; the jti is what deduplicates.
    /// </summary>
    private string Resign(string set, string newIssuer, string oldIssuer)
    {
        var payload = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Pad(set.Split('.')[1])));
        return _idp.Sign(payload.Replace(oldIssuer, newIssuer, StringComparison.Ordinal));
    }

    private static string Pad(string b64url)
    {
        var s = b64url.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
    }

    [Fact]
    public async Task AssuranceDecrease_HighRiskActionNeedsStepUpAndLowerRiskStillWorks_UntilIncrease()
    {
        await using var host = await StartAsync();
        using var agent = await host.AgentAsync();
        const string decrease = """{"namespace":"NIST-AAL","current_level":"nist-aal1","previous_level":"nist-aal2","change_direction":"decrease"}""";
        const string increase = """{"namespace":"NIST-AAL","current_level":"nist-aal2","previous_level":"nist-aal1","change_direction":"increase"}""";

        (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.AssuranceLevelChange, decrease, subId: Agent(host))))).AssertAccepted();
        var write = await agent.PostAsync("/tickets");
        var read = await agent.GetAsync("/tickets/1");

        Assert.Equal(HttpStatusCode.Unauthorized, write.Status);
        Assert.Contains("insufficient_user_authentication", write.WwwAuthenticate, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, read.Status);

        (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.AssuranceLevelChange, increase, subId: Agent(host))))).AssertAccepted();
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync("/tickets")).Status);
    }

    [Fact]
    public async Task DeviceNotCompliant_HighRiskActionIsForbidden_UntilCompliant()
    {
        await using var host = await StartAsync();
        using var agent = await host.AgentAsync();

        (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.DeviceComplianceChange,
            """{"previous_status":"compliant","current_status":"not-compliant"}""", subId: Agent(host))))).AssertAccepted();
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync("/tickets")).Status);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/tickets/1")).Status);

        (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.DeviceComplianceChange,
            """{"previous_status":"not-compliant","current_status":"compliant"}""", subId: Agent(host))))).AssertAccepted();
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync("/tickets")).Status);
    }

    [Fact]
    public async Task RiskHigh_ForAnAgent_SuspendsIt()
    {
        await using var host = await StartAsync();
        using var agent = await host.AgentAsync();

        (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.RiskLevelChange,
            """{"principal":"NHI","current_level":"HIGH","previous_level":"LOW"}""", subId: Agent(host))))).AssertAccepted();

        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/tickets/1")).Status);
        Assert.True(host.App.Services.GetRequiredService<RevocationIndex>().IsSuspended(SubjectKind.Agent, "bot"));
    }

    [Fact]
    public async Task RiskHigh_ForAUser_RestrictsTheUserAndANewSuspensionIsNeverWeakened()
    {
        await using var host = await StartAsync();
        var index = host.App.Services.GetRequiredService<RevocationIndex>();
        var user = new SubjectKey(SubjectKind.User, "https://idp.example.com/|jane");

        (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.AccountDisabled, subId: Sets.IssSub(Iss, "jane"))))).AssertAccepted();
        (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.RiskLevelChange,
            """{"principal":"USER","current_level":"HIGH"}""", subId: Sets.IssSub(Iss, "jane"))))).AssertAccepted();

        Assert.True(index.TryGet(user, out var entry));
        Assert.True(entry.IsSuspension);
    }

    [Fact]
    public async Task CredentialChange_RevokesTokensIssuedBeforeTheEventOnly()
    {
        await using var host = await StartAsync();
        using var agent = await host.AgentAsync();
        var issuedAt = long.Parse(SignalsHost.Claim2(agent.Token, "iat"), System.Globalization.CultureInfo.InvariantCulture);

        // The credential changed a minute before the token was issued: the token stays good.
        (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.CredentialChange,
            $$"""{"credential_type":"password","change_type":"update","event_timestamp":{{issuedAt - 60}}}""", subId: Agent(host))))).AssertAccepted();
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/tickets/1")).Status);

        // It changed after: the token dies.
        (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.CredentialChange,
            $$"""{"credential_type":"password","change_type":"update","event_timestamp":{{issuedAt}}}""", subId: Agent(host))))).AssertAccepted();
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/tickets/1")).Status);
    }

    [Fact]
    public async Task ActionOverride_LogOnly_SessionRevokedChangesNothing()
    {
        await using var host = await StartAsync(new Dictionary<string, string> { ["session-revoked"] = "log" });
        using var agent = await host.AgentAsync();

        (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: Sets.Opaque(agent.SessionId))))).AssertAccepted();

        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/tickets/1")).Status);
    }

    [Fact]
    public async Task LegacySubjectInsideTheEvent_IsUsedWhenThereIsNoSubId()
    {
        await using var host = await StartAsync();
        using var agent = await host.AgentAsync();

        var legacy = Sets.Payload(Iss, Aud, Sets.SessionRevoked, "{\"subject\":" + Sets.Opaque(agent.SessionId) + "}");
        (await host.PushAsync("idp", _idp.Sign(legacy))).AssertAccepted();

        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/tickets/1")).Status);
    }
}
