using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Forwarding;

/// <summary>
/// <c>transaction_token: false</c> on a tool: its calls go upstream without a <c>Txn-Token</c> (a client-sent one is
/// still dropped), the other tools' calls keep theirs.
/// </summary>
public sealed class TransactionTokenOptOutTests
{
    private const string Spoofed = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJzcG9vZiJ9.c2lnbmF0dXJlLXNwb29mZWQtYnktY2xpZW50";

    /// <summary>A bearer call to the docs tool that also carries a client-made <c>Txn-Token</c>.</summary>
    private static async Task<WireResponse> ReadDocsWithSpoofedTxnTokenAsync(GatewayHost host)
    {
        var token = await host.BearerTokenAsync("bearer-bot", GatewayScenario.DocsAudience, "docs.read");
        using var request = new HttpRequestMessage(HttpMethod.Get, host.ToolUrl("docs", "/docs/readme"));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        request.Headers.TryAddWithoutValidation("Txn-Token", Spoofed);
        return await host.SendAsync(request, token);
    }

    [Fact]
    public async Task Gateway_ToolWithoutTransactionTokens_ForwardsNoTxnTokenAndOtherToolsKeepTheirs()
    {
        await using var host = await GatewayHost.StartAsync(new HostSettings
        {
            Customize = config => config with
            {
                Tools = config.Tools.Select(t => t.Id == "docs" ? t with { TransactionToken = false } : t).ToList(),
            },
        });
        WireAssert.Forwarded(await ReadDocsWithSpoofedTxnTokenAsync(host), "/docs/readme");
        var seen = Assert.Single(host.Upstream.Requests);
        Assert.False(seen.Has("Txn-Token"));
        Assert.False(seen.Has("Authorization"));
        Assert.Equal(["bearer-bot"], seen.Values("X-Rein-Agent"));
        Assert.Equal(["docs.read"], seen.Values("X-Rein-Action"));
        Assert.Single(seen.Values("traceparent"));

        host.Upstream.Clear();
        using var agent = await host.AgentAsync("bot");
        WireAssert.Forwarded(await agent.GetAsync("tickets", "/tickets/3"), "/tickets/3");
        var txn = Assert.Single(Assert.Single(host.Upstream.Requests).Values("Txn-Token"));
        Assert.NotEqual(Spoofed, txn);
    }

    [Fact]
    public async Task Gateway_ToolWithDefaultTransactionTokens_ForwardsGatewayMintedTxnToken()
    {
        await using var host = await GatewayHost.StartAsync(new HostSettings());
        WireAssert.Forwarded(await ReadDocsWithSpoofedTxnTokenAsync(host), "/docs/readme");
        var txn = Assert.Single(Assert.Single(host.Upstream.Requests).Values("Txn-Token"));
        Assert.NotEqual(Spoofed, txn);
        Assert.Equal(3, txn.Split('.').Length);
    }
}
