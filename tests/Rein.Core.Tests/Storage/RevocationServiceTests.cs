using Microsoft.Extensions.Time.Testing;
using Rein.Core.Revocation;
using Rein.Core.Storage;

namespace Rein.Core.Tests.Storage;

public sealed class RevocationServiceTests
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
    public async Task Revoke_TokensIssuedUpToNow_AreRefused_LaterTokensAreNot(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var (service, index, time) = await OpenAsync(store);
        var iatBefore = time.GetUtcNow().ToUnixTimeSeconds();

        await service.RevokeAsync(new SubjectKey(SubjectKind.Agent, "bot"), "test", CancellationToken.None);

        Assert.True(index.IsRevoked(SubjectKind.Agent, "bot", iatBefore));
        Assert.False(index.IsRevoked(SubjectKind.Agent, "other", iatBefore));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(index.IsRevoked(SubjectKind.Agent, "bot", time.GetUtcNow().ToUnixTimeSeconds()));
    }

    [Theory, StoreProviders]
    public async Task Rebuild_AfterRestart_RestoresSameEntries(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var (service, _, time) = await OpenAsync(store);
        await service.RevokeAsync(new SubjectKey(SubjectKind.Token, "jti-1"), null, CancellationToken.None);
        await service.SuspendAsync(new SubjectKey(SubjectKind.Agent, "bot"), "kill", CancellationToken.None);

        var (restarted, index, _) = await OpenAsync(store, time);
        await restarted.RebuildIndexAsync(CancellationToken.None);

        Assert.Equal(2, index.Count);
        Assert.True(index.IsSuspended(SubjectKind.Agent, "bot"));
        Assert.True(index.IsRevoked(SubjectKind.Token, "jti-1", time.GetUtcNow().ToUnixTimeSeconds()));
    }

    [Theory, StoreProviders]
    public async Task Suspend_RefusesNewTokensToo_Lift_KeepsOldTokensDead(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var (service, index, time) = await OpenAsync(store);
        var subject = new SubjectKey(SubjectKind.Agent, "bot");
        var oldIat = time.GetUtcNow().ToUnixTimeSeconds();

        await service.SuspendAsync(subject, null, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(index.IsRevoked(SubjectKind.Agent, "bot", time.GetUtcNow().ToUnixTimeSeconds() + 100));

        await service.LiftAsync(subject, null, CancellationToken.None);
        Assert.False(index.IsSuspended(SubjectKind.Agent, "bot"));
        Assert.True(index.IsRevoked(SubjectKind.Agent, "bot", oldIat));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(index.IsRevoked(SubjectKind.Agent, "bot", time.GetUtcNow().ToUnixTimeSeconds()));
    }

    [Theory, StoreProviders]
    public async Task Sweep_DropsEntriesNoLiveTokenCanMatch_KeepsSuspensions(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var (service, index, time) = await OpenAsync(store);
        await service.RevokeAsync(new SubjectKey(SubjectKind.Token, "jti-1"), null, CancellationToken.None);
        await service.SuspendAsync(new SubjectKey(SubjectKind.Agent, "bot"), null, CancellationToken.None);

        time.Advance(TokenLifetimes.Longest + TokenLifetimes.Skew + TimeSpan.FromSeconds(1));
        await service.SweepAsync(CancellationToken.None);

        Assert.Equal(1, index.Count);
        var (restarted, rebuilt, _) = await OpenAsync(store, time);
        await restarted.RebuildIndexAsync(CancellationToken.None);
        Assert.Equal(1, rebuilt.Count);
        Assert.True(rebuilt.IsSuspended(SubjectKind.Agent, "bot"));
    }

    [Theory, StoreProviders]
    public async Task CatchUp_SeesWhatAnotherInstanceWrote(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var (broker, _, time) = await OpenAsync(store);
        var (gateway, gatewayIndex, _) = await OpenAsync(store, time);
        await gateway.RebuildIndexAsync(CancellationToken.None);
        var iat = time.GetUtcNow().ToUnixTimeSeconds();

        await broker.SuspendAsync(new SubjectKey(SubjectKind.Agent, "bot"), "kill", CancellationToken.None);
        Assert.False(gatewayIndex.IsSuspended(SubjectKind.Agent, "bot"));

        await gateway.CatchUpAsync(CancellationToken.None);
        Assert.True(gatewayIndex.IsSuspended(SubjectKind.Agent, "bot"));

        time.Advance(TimeSpan.FromSeconds(3));
        await broker.LiftAsync(new SubjectKey(SubjectKind.Agent, "bot"), null, CancellationToken.None);
        await gateway.CatchUpAsync(CancellationToken.None);
        Assert.False(gatewayIndex.IsSuspended(SubjectKind.Agent, "bot"));
        Assert.True(gatewayIndex.IsRevoked(SubjectKind.Agent, "bot", iat));
    }

    [Theory, StoreProviders]
    public async Task EnsureFresh_StaleIndex_CatchesUpFromTheStore(string provider)
    {
        await using var store = await TestStores.CreateAsync(provider);
        var (broker, _, time) = await OpenAsync(store);
        var (gateway, gatewayIndex, _) = await OpenAsync(store, time);
        await gateway.RebuildIndexAsync(CancellationToken.None);
        await broker.RevokeAsync(new SubjectKey(SubjectKind.Token, "jti-9"), null, CancellationToken.None);
        var bound = TimeSpan.FromSeconds(30);

        Assert.True(await gateway.EnsureFreshAsync(bound, CancellationToken.None));
        Assert.False(gatewayIndex.IsRevoked(SubjectKind.Token, "jti-9", time.GetUtcNow().ToUnixTimeSeconds()));

        time.Advance(TimeSpan.FromSeconds(31));
        Assert.True(await gateway.EnsureFreshAsync(bound, CancellationToken.None));
        Assert.True(gatewayIndex.IsRevoked(SubjectKind.Token, "jti-9", time.GetUtcNow().ToUnixTimeSeconds() - 31));
    }
}
