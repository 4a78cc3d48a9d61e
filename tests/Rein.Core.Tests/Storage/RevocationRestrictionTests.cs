using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Rein.Core.Revocation;
using Rein.Core.Storage;

namespace Rein.Core.Tests.Storage;

/// <summary>
/// Restriction entries (signals: step-up, device, risk) on both stores: they limit live tokens without killing them,
/// never weaken a suspension, survive a restart, and lift only their own kind. And the signal receipts table that
/// makes a SET's jti unique per transmitter.
/// </summary>
public sealed class RevocationRestrictionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static async Task<(RevocationService Service, RevocationIndex Index, FakeTimeProvider Time)> OpenAsync(TestStore store, FakeTimeProvider? time = null)
    {
        time ??= new FakeTimeProvider(Start);
        await StoreInitializer.InitializeAsync(store.Factory, time, CancellationToken.None);
        var index = new RevocationIndex();
        var bus = new InProcessRevocationBus();
        bus.Subscribe(index.Apply);
        return (new RevocationService(store.Factory, bus, index, time), index, time);
    }

    [Theory, StoreProviders]
    public async Task Restrict_LimitsLiveTokensWithoutKillingThem_AndSurvivesRestart(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var (service, index, time) = await OpenAsync(store);
        var user = new SubjectKey(SubjectKind.User, "https://idp.example.com/|jane");
        var iat = time.GetUtcNow().ToUnixTimeSeconds();

        await service.RestrictAsync(user, RevocationEffect.DeviceNotCompliant, "device", CancellationToken.None);

        Assert.False(index.IsRevoked(SubjectKind.User, user.Id, iat));
        Assert.False(index.IsSuspended(SubjectKind.User, user.Id));
        Assert.True(index.Restrict(default, SubjectKind.User, user.Id).DeviceNotCompliant);

        var (_, rebuilt, _) = await OpenAsync(store, time);
        await new RevocationService(store.Factory, new InProcessRevocationBus(), rebuilt, time).RebuildIndexAsync(CancellationToken.None);
        Assert.True(rebuilt.Restrict(default, SubjectKind.User, user.Id).DeviceNotCompliant);
    }

    [Theory, StoreProviders]
    public async Task Restrict_NeverWeakensASuspension_AndRevokeKeepsARestriction(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var (service, index, time) = await OpenAsync(store);
        var agent = new SubjectKey(SubjectKind.Agent, "bot");
        var user = new SubjectKey(SubjectKind.User, "iss|u");

        await service.SuspendAsync(agent, null, CancellationToken.None);
        await service.RestrictAsync(agent, RevocationEffect.StepUp, null, CancellationToken.None);
        Assert.True(index.IsSuspended(SubjectKind.Agent, "bot"));

        await service.RestrictAsync(user, RevocationEffect.HighRisk, null, CancellationToken.None);
        var oldIat = time.GetUtcNow().ToUnixTimeSeconds();
        await service.RevokeAsync(user, null, CancellationToken.None);
        Assert.True(index.IsRevoked(SubjectKind.User, user.Id, oldIat));
        Assert.True(index.Restrict(default, SubjectKind.User, user.Id).HighRisk);
    }

    [Theory, StoreProviders]
    public async Task LiftRestriction_LiftsOnlyItsOwnKind_AndDeadTokensStayDead(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var (service, index, time) = await OpenAsync(store);
        var user = new SubjectKey(SubjectKind.User, "iss|u");
        var oldIat = time.GetUtcNow().ToUnixTimeSeconds();
        await service.RevokeAsync(user, null, CancellationToken.None);
        await service.RestrictAsync(user, RevocationEffect.StepUp, null, CancellationToken.None);

        Assert.NotNull(await service.LiftRestrictionAsync(user, RevocationEffect.DeviceNotCompliant, null, CancellationToken.None));
        Assert.True(index.Restrict(default, SubjectKind.User, user.Id).AssuranceReduced);

        await service.LiftRestrictionAsync(user, RevocationEffect.StepUp, null, CancellationToken.None);
        Assert.False(index.Restrict(default, SubjectKind.User, user.Id).Any);
        Assert.True(index.IsRevoked(SubjectKind.User, user.Id, oldIat));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(index.IsRevoked(SubjectKind.User, user.Id, time.GetUtcNow().ToUnixTimeSeconds()));
    }

    [Theory, StoreProviders]
    public async Task RevokeIssuedBefore_IsCappedAtNow(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var (service, index, time) = await OpenAsync(store);
        var subject = new SubjectKey(SubjectKind.Session, "s1");

        var entry = await service.RevokeIssuedBeforeAsync(subject, time.GetUtcNow().AddHours(1).ToUnixTimeMilliseconds(), null, CancellationToken.None);

        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), entry.RevokedBefore);
        Assert.True(index.IsRevoked(SubjectKind.Session, "s1", time.GetUtcNow().ToUnixTimeSeconds()));
    }

    [Theory, StoreProviders]
    public async Task SignalReceipts_AJtiIsUniquePerTransmitter(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        await StoreInitializer.InitializeAsync(store.Factory, new FakeTimeProvider(Start), CancellationToken.None);
        await using (var db = store.Factory.CreateDbContext())
        {
            db.SignalReceipts.Add(new SignalReceiptEntity { Transmitter = "idp", JwtId = "j1", EventType = "e", ReceivedAt = 1 });
            db.SignalReceipts.Add(new SignalReceiptEntity { Transmitter = "other", JwtId = "j1", EventType = "e", ReceivedAt = 1 });
            await db.SaveChangesAsync();
        }

        await using var again = store.Factory.CreateDbContext();
        again.SignalReceipts.Add(new SignalReceiptEntity { Transmitter = "idp", JwtId = "j1", EventType = "e", ReceivedAt = 2 });
        await Assert.ThrowsAsync<DbUpdateException>(() => again.SaveChangesAsync());
    }
}
