using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rein.Core.Revocation;
using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Revocation;

/// <summary>
/// DESIGN §4: a gateway knows how stale its revocation index may be; past the bound (30 s by default) it fails closed
/// for high-risk tools and keeps serving lower-risk tools from memory.
/// </summary>
public sealed class StalenessTests
{
    [Fact]
    public async Task Gateway_IndexStalerThanBoundWithStoreDown_HighRiskToolsAndActionsReturn503LowerRiskStillServed()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero));
        await using var host = await GatewayHost.StartAsync(new HostSettings { Time = clock, StoreCanBreak = true });
        using var vault = await host.AgentAsync("bot", GatewayScenario.VaultAudience, "vault.read");
        using var tickets = await host.SameInstanceAsync(vault);
        using var writer = await host.SameInstanceAsync(vault, GatewayScenario.TicketsAudience, "tickets.write");
        WireAssert.Forwarded(await vault.GetAsync("vault", "/secrets/db"), "/secrets/db");
        host.Upstream.Clear();

        host.App.Services.GetRequiredService<BreakableStore>().Broken = true;
        clock.Advance(TimeSpan.FromSeconds(31));
        var highRisk = await vault.GetAsync("vault", "/secrets/db");
        var highRiskAction = await writer.SendAsync(HttpMethod.Post, "tickets", "/tickets");
        var mediumRisk = await tickets.GetAsync("tickets", "/tickets/1");

        WireAssert.GatewayProblem(highRisk, HttpStatusCode.ServiceUnavailable, "Temporarily unavailable");
        Assert.Equal("5", highRisk.Header("Retry-After"));
        WireAssert.GatewayProblem(highRiskAction, HttpStatusCode.ServiceUnavailable, "Temporarily unavailable");
        WireAssert.Forwarded(mediumRisk, "/tickets/1");
        Assert.Equal(["/tickets/1"], host.Upstream.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Gateway_StoreBackAfterStaleness_HighRiskToolServedAgain()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero));
        await using var host = await GatewayHost.StartAsync(new HostSettings { Time = clock, StoreCanBreak = true });
        using var vault = await host.AgentAsync("bot", GatewayScenario.VaultAudience, "vault.read");
        var store = host.App.Services.GetRequiredService<BreakableStore>();
        store.Broken = true;
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await vault.GetAsync("vault", "/secrets/db")).Status);

        store.Broken = false;
        // The next catch-up (the background poll, run here rather than waited for) brings the index up to date.
        await host.App.Services.GetRequiredService<RevocationService>().CatchUpAsync(CancellationToken.None);
        var response = await vault.GetAsync("vault", "/secrets/db");

        WireAssert.Forwarded(response, "/secrets/db");
    }
}
