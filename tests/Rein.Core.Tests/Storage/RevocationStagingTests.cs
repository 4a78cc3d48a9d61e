using Microsoft.Extensions.Time.Testing;
using Rein.Core.Revocation;
using Rein.Core.Storage;

namespace Rein.Core.Tests.Storage;

/// <summary>
/// Revocation writes staged into a caller's transaction (the signals receiver: receipt and entries in one commit),
/// published only after the commit, and the local tightening that may run ahead of it: only ever tightening.
/// </summary>
public sealed class RevocationStagingTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static async Task<(RevocationService Service, RevocationIndex Index, FakeTimeProvider Time)> OpenAsync(TestStore store)
    {
        var time = new FakeTimeProvider(Start);
        await StoreInitializer.InitializeAsync(store.Factory, time, CancellationToken.None);
        var index = new RevocationIndex();
        var bus = new InProcessRevocationBus();
        bus.Subscribe(index.Apply);
        return (new RevocationService(store.Factory, bus, index, time), index, time);
    }

    [Theory, StoreProviders]
    public async Task Staged_IsInTheIndexOnlyAfterPublish_AndCommitsWithTheCallersRows(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var (service, index, time) = await OpenAsync(store);
        var session = new SubjectKey(SubjectKind.Session, "s-1");

        IReadOnlyList<StagedRevocation> staged;
        await using (var db = store.Factory.CreateDbContext())
        {
            db.SignalReceipts.Add(new SignalReceiptEntity { Transmitter = "idp", JwtId = "j-1", EventType = "e", ReceivedAt = 1, AppliedAt = 1 });
            staged = await service.StageAsync(db, [RevocationWrite.RevokeIssuedBefore(session, long.MaxValue, "test")], CancellationToken.None);
            Assert.False(index.TryGet(session, out _));
            await db.SaveChangesAsync();
        }
        Assert.False(index.TryGet(session, out _));

        await service.PublishAsync(staged, CancellationToken.None);

        var entry = Assert.Single(staged).Entry;
        Assert.Null(staged[0].Previous);
        Assert.True(index.TryGet(session, out var applied));
        Assert.Equal(entry, applied);
        Assert.True(index.IsRevoked(SubjectKind.Session, "s-1", time.GetUtcNow().ToUnixTimeSeconds()));
        var rebuilt = new RevocationIndex();
        await new RevocationService(store.Factory, new InProcessRevocationBus(), rebuilt, time).RebuildIndexAsync(CancellationToken.None);
        Assert.True(rebuilt.TryGet(session, out var stored));
        Assert.Equal(entry, stored);
    }

    [Theory, StoreProviders]
    public async Task StagedWithAReceiptThatAlreadyExists_NothingIsStored(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var (service, _, time) = await OpenAsync(store);
        await using (var db = store.Factory.CreateDbContext())
        {
            db.SignalReceipts.Add(new SignalReceiptEntity { Transmitter = "idp", JwtId = "j-1", EventType = "e", ReceivedAt = 1, AppliedAt = 1 });
            await db.SaveChangesAsync();
        }

        await using (var db = store.Factory.CreateDbContext())
        {
            db.SignalReceipts.Add(new SignalReceiptEntity { Transmitter = "idp", JwtId = "j-1", EventType = "e", ReceivedAt = 2, AppliedAt = 2 });
            await service.StageAsync(db, [RevocationWrite.Suspend(new SubjectKey(SubjectKind.Agent, "bot"), null)], CancellationToken.None);
            await Assert.ThrowsAsync<Microsoft.EntityFrameworkCore.DbUpdateException>(() => db.SaveChangesAsync());
        }

        var rebuilt = new RevocationIndex();
        await new RevocationService(store.Factory, new InProcessRevocationBus(), rebuilt, time).RebuildIndexAsync(CancellationToken.None);
        Assert.Equal(0, rebuilt.Count);
    }

    [Theory, StoreProviders]
    public async Task TryTightenLocally_AppliesRevocationsSuspensionsAndNewRestrictions_NeverLifts(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var (service, index, _) = await OpenAsync(store);
        var agent = new SubjectKey(SubjectKind.Agent, "bot");
        var user = new SubjectKey(SubjectKind.User, "iss|jane");
        var session = new SubjectKey(SubjectKind.Session, "s-2");

        Assert.True(service.TryTightenLocally(RevocationWrite.RevokeIssuedBefore(session, long.MaxValue, null)));
        Assert.True(index.TryGet(session, out _));

        await service.SuspendAsync(agent, null, CancellationToken.None);
        Assert.False(service.TryTightenLocally(RevocationWrite.Lift(agent, null)));
        Assert.True(index.IsSuspended(SubjectKind.Agent, "bot"));
        Assert.True(service.TryTightenLocally(RevocationWrite.Restrict(agent, RevocationEffect.StepUp, null)));
        Assert.True(index.IsSuspended(SubjectKind.Agent, "bot"));

        Assert.True(service.TryTightenLocally(RevocationWrite.Restrict(user, RevocationEffect.HighRisk, null)));
        Assert.False(service.TryTightenLocally(RevocationWrite.Restrict(user, RevocationEffect.DeviceNotCompliant, null)));
        Assert.False(service.TryTightenLocally(RevocationWrite.LiftRestriction(user, RevocationEffect.HighRisk, null)));
        Assert.True(index.TryGet(user, out var restricted));
        Assert.Equal(RevocationEffect.HighRisk, restricted.Effect);
        Assert.True(service.TryTightenLocally(RevocationWrite.Suspend(user, null)));
        Assert.True(index.IsSuspended(SubjectKind.User, user.Id));
    }

    [Fact]
    public void IsAtLeastAsStrictAs_OrdersEntries()
    {
        var revoked = new RevocationEntry(1_000, 2_000, false, RevocationEffect.Deny);
        var later = revoked with { RevokedBefore = 1_500, Until = 2_500 };
        var suspended = new RevocationEntry(1_000, RevocationEntry.Forever, true, RevocationEffect.Deny);
        var stepUp = new RevocationEntry(1_000, RevocationEntry.Forever, true, RevocationEffect.StepUp);
        var highRisk = stepUp with { Effect = RevocationEffect.HighRisk };

        Assert.True(revoked.IsAtLeastAsStrictAs(null));
        Assert.True(later.IsAtLeastAsStrictAs(revoked));
        Assert.False(revoked.IsAtLeastAsStrictAs(later));
        Assert.True(suspended.IsAtLeastAsStrictAs(revoked));
        Assert.True(suspended.IsAtLeastAsStrictAs(stepUp));
        Assert.False(stepUp.IsAtLeastAsStrictAs(suspended));
        Assert.False(highRisk.IsAtLeastAsStrictAs(stepUp));
        Assert.True(stepUp.IsAtLeastAsStrictAs(stepUp));
        Assert.False(revoked.IsAtLeastAsStrictAs(suspended));
    }
}
