using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Rein.Core.Audit;
using Rein.Core.Configuration;
using Rein.Core.Delegation;
using Rein.Core.Registry;
using Rein.Core.Revocation;
using Rein.Core.Storage;

namespace Rein.Core.Tests.Storage;

/// <summary>
/// Grants created at run time and approval requests, on every store: stored, seen by another instance after its
/// catch-up, revoked through the revocation index, decided once, redeemed once.
/// </summary>
public sealed class DelegationStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static ReinConfig Config => new()
    {
        Tools =
        [
            new ToolConfig
            {
                Id = "tickets",
                Audience = "https://tickets.example.com",
                Actions = [new ActionConfig { Name = "tickets.read", Method = "GET", PathTemplate = "/tickets/{id}" }],
            },
        ],
        Agents =
        [
            new AgentConfig
            {
                Id = "assistant",
                Credentials = [new PrivateKeyJwtCredential { JwksJson = Configuration.TestJwk.Create("k1").JwksJson }],
                Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = ["tickets.read"] },
            },
        ],
        Trust = [new TrustConfig { Issuer = "https://idp.example.com", JwksJson = Configuration.TestJwk.Create("idp").JwksJson, Kind = "user" }],
        Grants =
        [
            new GrantConfig
            {
                Id = "declared",
                UserIssuer = "https://idp.example.com",
                UserSubject = "alice",
                Agent = "assistant",
                Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = ["tickets.read"] },
                Until = Start.AddDays(1),
            },
        ],
    };

    private sealed record Instance(GrantCatalog Catalog, GrantService Grants, ApprovalService Approvals, RevocationIndex Index, RevocationService Revocations);

    private static async Task<Instance> OpenAsync(TestStore store, FakeTimeProvider time)
    {
        await StoreInitializer.InitializeAsync(store.Factory, time, CancellationToken.None);
        var registry = new ReinRegistry(Config);
        var index = new RevocationIndex();
        var bus = new InProcessRevocationBus();
        bus.Subscribe(index.Apply);
        var revocations = new RevocationService(store.Factory, bus, index, time);
        var audit = new AuditLog(store.Factory, NullLogger<AuditLog>.Instance);
        var catalog = new GrantCatalog(registry, store.Factory);
        await catalog.LoadAsync(CancellationToken.None);
        return new Instance(catalog, new GrantService(registry, catalog, store.Factory, revocations, index, audit, time),
            new ApprovalService(store.Factory, audit, time), index, revocations);
    }

    private static GrantConfig NewGrant(string id = "") => new()
    {
        Id = id,
        UserIssuer = "https://idp.example.com",
        UserSubject = "bob",
        Agent = "assistant",
        Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = ["tickets.read"] },
        Until = Start.AddHours(2),
        Approvers = ["secops"],
    };

    [Theory, StoreProviders]
    public async Task Grant_Created_IsFoundHereAndByAnotherInstanceAfterCatchUp(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        var one = await OpenAsync(store, time);
        var other = await OpenAsync(store, time);

        var created = await one.Grants.CreateAsync(NewGrant(), "ops", CancellationToken.None);
        var beforeCatchUp = other.Catalog.Find("https://idp.example.com", "bob", "assistant");
        await other.Catalog.CatchUpAsync(CancellationToken.None);
        var seen = Assert.Single(other.Catalog.Find("https://idp.example.com", "bob", "assistant"));

        Assert.True(created.Succeeded, string.Join("; ", created.Errors));
        Assert.Single(one.Catalog.Find("https://idp.example.com", "bob", "assistant"));
        Assert.Empty(beforeCatchUp);
        Assert.Equal(created.Grant!.Id, seen.Id);
        Assert.Equal(GrantSource.Api, seen.Source);
        Assert.Equal(["secops"], seen.Approvers);
        Assert.Equal(Start.AddHours(2), seen.Until);
        Assert.Equal("ops", seen.CreatedBy);
        Assert.Equal(["tickets.read"], seen.ActionsFor("tickets"));
        Assert.Equal(GrantStatus.Active, other.Grants.StatusOf(seen));
    }

    [Theory, StoreProviders]
    public async Task Grant_Revoked_IsRevokedForEveryInstanceThroughTheIndex(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        var one = await OpenAsync(store, time);
        var created = (await one.Grants.CreateAsync(NewGrant("g-bob"), "ops", CancellationToken.None)).Grant!;

        await one.Grants.RevokeAsync("g-bob", "done", "ops", CancellationToken.None);
        await one.Grants.RevokeAsync("declared", "done", "ops", CancellationToken.None);
        var restarted = await OpenAsync(store, time);
        await restarted.Revocations.RebuildIndexAsync(CancellationToken.None);

        Assert.Equal(GrantStatus.Revoked, one.Grants.StatusOf(one.Catalog.Get("g-bob")!));
        Assert.Equal(GrantStatus.Revoked, restarted.Grants.StatusOf(restarted.Catalog.Get("g-bob")!));
        Assert.Equal(GrantStatus.Revoked, restarted.Grants.StatusOf(restarted.Catalog.Get("declared")!));
        Assert.NotNull(restarted.Catalog.Get("g-bob")!.RevokedAt);
        Assert.True(restarted.Index.IsSuspended(SubjectKind.Grant, created.Id));
        Assert.Null(await one.Grants.RevokeAsync("g-none", null, "ops", CancellationToken.None));
    }

    [Theory, StoreProviders]
    public async Task Grant_DuplicateOrInvalid_IsRefused(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        var one = await OpenAsync(store, time);

        var declaredId = await one.Grants.CreateAsync(NewGrant("declared"), "ops", CancellationToken.None);
        var past = await one.Grants.CreateAsync(NewGrant() with { Until = Start.AddMinutes(-1) }, "ops", CancellationToken.None);

        Assert.True(declaredId.Conflict);
        Assert.Equal(["until: must be in the future"], past.Errors);
    }

    [Theory, StoreProviders]
    public async Task Approval_RequestedOnceDecidedOnceRedeemedOnce(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        var one = await OpenAsync(store, time);
        var request = new ApprovalRequest("assistant", "https://idp.example.com", "alice", "declared", "tickets", "tickets.read",
            """[{"type":"tickets.read"}]""", ["alice"]);

        var opened = (await one.Approvals.RequestAsync(request, CancellationToken.None))!;
        var same = (await one.Approvals.RequestAsync(request, CancellationToken.None))!;
        var notApprover = await one.Approvals.DecideAsync(opened.Id, approve: true, "mallory", "ops", null, CancellationToken.None);
        var approved = await one.Approvals.DecideAsync(opened.Id, approve: true, "alice", "ops", "ok", CancellationToken.None);
        var again = await one.Approvals.DecideAsync(opened.Id, approve: false, "alice", "ops", null, CancellationToken.None);
        var redeemed = await one.Approvals.RedeemAsync(approved.Record!, "jti-1", CancellationToken.None);
        var twice = await one.Approvals.RedeemAsync(approved.Record!, "jti-2", CancellationToken.None);
        var final = (await one.Approvals.GetAsync(opened.Id, CancellationToken.None))!;

        Assert.Equal(opened.Id, same.Id);
        Assert.Equal(ApprovalStatus.Pending, opened.Status);
        Assert.Equal(Start + ApprovalLimits.PendingLifetime, opened.ExpiresAt);
        Assert.Equal(ApprovalDecisionOutcome.NotAnApprover, notApprover.Outcome);
        Assert.Equal(ApprovalDecisionOutcome.Decided, approved.Outcome);
        Assert.Equal(Start + ApprovalLimits.RedeemWindow, approved.Record!.ExpiresAt);
        Assert.Equal(ApprovalDecisionOutcome.NotPending, again.Outcome);
        Assert.True(redeemed);
        Assert.False(twice);
        Assert.Equal(ApprovalStatus.Redeemed, final.Status);
        Assert.Equal("jti-1", final.TokenId);
        Assert.Equal(("alice", "ops", "ok"), (final.Approver, final.DecidedBy, final.Reason));
        Assert.True(request.Matches(final));
    }

    [Theory, StoreProviders]
    public async Task Approval_NotDecidedInTime_ReadsExpiredAndCannotBeDecided(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        var one = await OpenAsync(store, time);
        var request = new ApprovalRequest("assistant", "https://idp.example.com", "alice", "declared", "tickets", "tickets.read", null, ["alice"]);
        var opened = (await one.Approvals.RequestAsync(request, CancellationToken.None))!;

        time.Advance(ApprovalLimits.PendingLifetime);
        var read = (await one.Approvals.GetAsync(opened.Id, CancellationToken.None))!;
        var decided = await one.Approvals.DecideAsync(opened.Id, approve: true, "alice", "ops", null, CancellationToken.None);
        var expiredList = await one.Approvals.ListAsync(ApprovalStatus.Expired, CancellationToken.None);
        var pendingList = await one.Approvals.ListAsync(ApprovalStatus.Pending, CancellationToken.None);
        var fresh = (await one.Approvals.RequestAsync(request, CancellationToken.None))!;

        Assert.Equal(ApprovalStatus.Expired, read.Status);
        Assert.Equal(ApprovalDecisionOutcome.NotPending, decided.Outcome);
        Assert.Equal(opened.Id, Assert.Single(expiredList).Id);
        Assert.Empty(pendingList);
        Assert.NotEqual(opened.Id, fresh.Id);
    }

    [Theory, StoreProviders]
    public async Task Approval_TooManyPendingForOneAgent_IsRefused(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        var one = await OpenAsync(store, time);

        for (var i = 0; i < ApprovalLimits.MaxPendingPerAgent; i++)
        {
            var request = new ApprovalRequest("assistant", "https://idp.example.com", "alice", "declared", "tickets", "tickets.read",
                $$"""[{"type":"tickets.read","identifier":"{{i}}"}]""", ["alice"]);
            Assert.NotNull(await one.Approvals.RequestAsync(request, CancellationToken.None));
        }
        var overflow = await one.Approvals.RequestAsync(new ApprovalRequest("assistant", "https://idp.example.com", "alice", "declared",
            "tickets", "tickets.read", null, ["alice"]), CancellationToken.None);

        Assert.Null(overflow);
    }

    [Theory]
    [InlineData("grant:g-1", SubjectKind.Grant, "g-1")]
    [InlineData("user:https://idp.example.com|alice", SubjectKind.User, "https://idp.example.com|alice")]
    public void SubjectKey_ParsesGrantAndUserKeys(string text, SubjectKind kind, string id)
    {
        Assert.True(SubjectKey.TryParse(text, out var key));
        Assert.Equal(new SubjectKey(kind, id), key);
        Assert.Equal(text, key.ToString());
    }
}
