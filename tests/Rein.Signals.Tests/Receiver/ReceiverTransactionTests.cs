using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rein.Core.Revocation;
using Rein.Core.Storage;
using Rein.Signals.Tests.Infrastructure;

namespace Rein.Signals.Tests.Receiver;

/// <summary>
/// The receiver's ordering: a containing event is applied to this instance's index before its one store transaction
/// (receipt + entries) commits; a failed commit is answered 503 with the early tightening kept and nothing stored, so
/// the redelivery is processed again; lifting access waits for the commit. Each test has its own Rein.
/// </summary>
public sealed class ReceiverTransactionTests
{
    private const string Iss = ReceiverFixture.IdpIssuer;
    private const string Aud = ReceiverFixture.Audience;
    private readonly TestTransmitter _idp = TestTransmitter.Create(Iss);

    private Task<SignalsHost> StartAsync(string? data = null) => SignalsHost.StartAsync([SignalsHost.Transmitter("idp", _idp, Aud)], data);

    /// <summary>Makes every receipt insert (so every receiver commit) fail, as a full disk or a lost store would.</summary>
    private static async Task BreakCommitsAsync(SignalsHost host)
    {
        await using var db = await Factory(host).CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER test_fail_receipts BEFORE INSERT ON signal_receipts BEGIN SELECT RAISE(ABORT, 'store unavailable'); END;");
    }

    private static async Task RepairCommitsAsync(SignalsHost host)
    {
        await using var db = await Factory(host).CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync("DROP TRIGGER test_fail_receipts;");
    }

    private static IDbContextFactory<ReinDbContext> Factory(SignalsHost host) => host.App.Services.GetRequiredService<IDbContextFactory<ReinDbContext>>();

    private static async Task<(int Receipts, int Revocations)> StoredAsync(SignalsHost host, SubjectKey subject)
    {
        await using var db = await Factory(host).CreateDbContextAsync();
        return (await db.SignalReceipts.CountAsync(),
            await db.Revocations.CountAsync(r => r.Kind == (int)subject.Kind && r.SubjectId == subject.Id));
    }

    [Fact]
    public async Task CommitFails_Answers503_TheSessionIsRefusedAnyway_AndTheRedeliveryIsAppliedAndStored()
    {
        await using var host = await StartAsync();
        using var agent = await host.AgentAsync();
        var session = new SubjectKey(SubjectKind.Session, agent.SessionId);
        var set = _idp.Sign(Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: Sets.Opaque(agent.SessionId)));
        await BreakCommitsAsync(host);

        var failed = await host.PushAsync("idp", set);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.Status);
        Assert.Equal("", failed.Body);
        // Fail closed: the early tightening stays in this instance's index although nothing was stored.
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/tickets/1")).Status);
        Assert.Equal((0, 0), await StoredAsync(host, session));
        Assert.Empty(await host.AuditAsync("signal.received"));

        await RepairCommitsAsync(host);
        (await host.PushAsync("idp", set)).AssertAccepted();

        Assert.Equal((1, 1), await StoredAsync(host, session));
        var applied = Assert.Single(await host.AuditAsync("signal.received"));
        Assert.Contains("\"decision\":\"applied\"", applied.Data, StringComparison.Ordinal);
        Assert.Equal(0, host.Upstream.Requests);
    }

    [Fact]
    public async Task CommitFails_TheIndexRebuiltFromTheStoreAfterARestartDoesNotHoldIt_UntilTheRedelivery()
    {
        var data = Directory.CreateTempSubdirectory("rein-signals-commit-").FullName;
        try
        {
            string set;
            string sid;
            await using (var host = await StartAsync(data))
            {
                using var agent = await host.AgentAsync();
                sid = agent.SessionId;
                set = _idp.Sign(Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: Sets.Opaque(sid)));
                await BreakCommitsAsync(host);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, (await host.PushAsync("idp", set)).Status);
                Assert.True(host.App.Services.GetRequiredService<RevocationIndex>().TryGet(new SubjectKey(SubjectKind.Session, sid), out _));
                await RepairCommitsAsync(host);
            }

            await using (var host = await StartAsync(data))
            {
                var index = host.App.Services.GetRequiredService<RevocationIndex>();
                Assert.False(index.TryGet(new SubjectKey(SubjectKind.Session, sid), out _));

                (await host.PushAsync("idp", set)).AssertAccepted();

                Assert.True(index.TryGet(new SubjectKey(SubjectKind.Session, sid), out var entry));
                Assert.False(entry.Suspended);
            }

            await using (var host = await StartAsync(data))
            {
                // Stored this time: the rebuilt index holds it, and the SET is a duplicate.
                Assert.True(host.App.Services.GetRequiredService<RevocationIndex>().TryGet(new SubjectKey(SubjectKind.Session, sid), out _));
                (await host.PushAsync("idp", set)).AssertAccepted();
                var records = await host.AuditAsync("signal.received");
                Assert.Equal(2, records.Count);
                Assert.Contains("\"decision\":\"applied\"", records[0].Data, StringComparison.Ordinal);
                Assert.Contains("\"decision\":\"duplicate\"", records[1].Data, StringComparison.Ordinal);
            }
        }
        finally
        {
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task AccountEnabled_CommitFails_TheSuspensionStays_UntilTheRedeliveryIsStored()
    {
        await using var host = await StartAsync();
        var agent = Sets.IssSub(host.Issuer, "bot");
        (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.AccountDisabled, subId: agent)))).AssertAccepted();
        var index = host.App.Services.GetRequiredService<RevocationIndex>();
        Assert.True(index.IsSuspended(SubjectKind.Agent, "bot"));
        var enabled = _idp.Sign(Sets.Payload(Iss, Aud, Sets.AccountEnabled, subId: agent));
        await BreakCommitsAsync(host);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await host.PushAsync("idp", enabled)).Status);

        // Lifting access is never applied before it is durable.
        Assert.True(index.IsSuspended(SubjectKind.Agent, "bot"));
        await Assert.ThrowsAsync<Rein.Client.ReinClientException>(host.AgentAsync);

        await RepairCommitsAsync(host);
        (await host.PushAsync("idp", enabled)).AssertAccepted();
        Assert.False(index.IsSuspended(SubjectKind.Agent, "bot"));
        using var fresh = await host.AgentAsync();
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/tickets/1")).Status);
    }

    [Fact]
    public async Task AccountDisabled_TheAgentStateRowIsWrittenWithTheEntries_AndAnnouncedOnce()
    {
        await using var host = await StartAsync();
        var agent = Sets.IssSub(host.Issuer, "bot");

        (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.AccountDisabled, subId: agent)))).AssertAccepted();
        (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.AccountDisabled, subId: agent)))).AssertAccepted();

        await using var db = await Factory(host).CreateDbContextAsync();
        var state = await db.AgentStates.AsNoTracking().SingleAsync(s => s.AgentId == "bot");
        Assert.Equal(1, state.Status);
        // The second event changed nothing: one agent.suspended record, not two.
        Assert.Single(await host.AuditAsync("agent.suspended"));
        Assert.Equal(2, (await host.AuditAsync("signal.received")).Count(r => r.Data.Contains("\"decision\":\"applied\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AssuranceDecrease_CommitFails_TheStepUpRestrictionHoldsAnyway()
    {
        await using var host = await StartAsync();
        using var agent = await host.AgentAsync();
        await BreakCommitsAsync(host);

        var failed = await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.AssuranceLevelChange,
            """{"namespace":"NIST-AAL","current_level":"aal1","previous_level":"aal2","change_direction":"decrease"}""", subId: Sets.IssSub(host.Issuer, "bot"))));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.Status);
        var write = await agent.PostAsync("/tickets");
        Assert.Equal(HttpStatusCode.Unauthorized, write.Status);
        Assert.Contains("insufficient_user_authentication", write.WwwAuthenticate, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/tickets/1")).Status);
    }

    [Fact]
    public async Task DeviceNotCompliant_WhileAnotherRestrictionHolds_IsNotSwappedInBeforeTheCommit()
    {
        await using var host = await StartAsync();
        var user = new SubjectKey(SubjectKind.User, "https://idp.example.com/|jane");
        var jane = Sets.IssSub("https://idp.example.com/", "jane");
        (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.RiskLevelChange,
            """{"principal":"USER","current_level":"HIGH"}""", subId: jane)))).AssertAccepted();
        await BreakCommitsAsync(host);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await host.PushAsync("idp", _idp.Sign(Sets.Payload(Iss, Aud, Sets.DeviceComplianceChange,
            """{"previous_status":"compliant","current_status":"not-compliant"}""", subId: jane)))).Status);

        // Replacing one restriction by another is not only a tightening (the policy context changes): it waits.
        Assert.True(host.App.Services.GetRequiredService<RevocationIndex>().TryGet(user, out var entry));
        Assert.Equal(RevocationEffect.HighRisk, entry.Effect);
    }

    [Fact]
    public async Task SameSetDeliveredTwiceAtOnce_IsAppliedOnce_AndBothAreAccepted()
    {
        await using var host = await StartAsync();
        using var agent = await host.AgentAsync();
        var set = _idp.Sign(Sets.Payload(Iss, Aud, Sets.SessionRevoked, subId: Sets.Opaque(agent.SessionId)));

        var both = await Task.WhenAll(host.PushAsync("idp", set), host.PushAsync("idp", set), host.PushAsync("idp", set));

        Assert.All(both, w => w.AssertAccepted());
        var records = await host.AuditAsync("signal.received");
        Assert.Single(records, r => r.Data.Contains("\"decision\":\"applied\"", StringComparison.Ordinal));
        Assert.Equal(2, records.Count(r => r.Data.Contains("\"decision\":\"duplicate\"", StringComparison.Ordinal)));
    }
}
