using Microsoft.Extensions.DependencyInjection;
using Rein.Core.Configuration;
using Rein.Core.Registry;
using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Authentication;

/// <summary>
/// Where bearer tokens may go is decided by risk: a declared allow_bearer counts only on a tool below high risk with
/// no high-risk action, and stops counting the moment the tool is raised.
/// </summary>
public sealed class BearerRiskTests
{
    [Theory]
    [InlineData(RiskTier.Low, true)]
    [InlineData(RiskTier.Medium, true)]
    [InlineData(RiskTier.High, false)]
    [InlineData(RiskTier.Critical, false)]
    public async Task Gateway_UnboundTokenAtToolDeclaringAllowBearer_IsServedOnlyBelowHighRisk(RiskTier risk, bool served)
    {
        await using var host = await GatewayHost.StartAsync(new HostSettings
        {
            Customize = config => config with { Tools = [.. config.Tools.Select(t => t.Id == "docs" ? t with { Risk = risk } : t)] },
        });
        var token = await host.BearerTokenAsync("bearer-bot", GatewayScenario.DocsAudience, "docs.read");

        var response = await host.SendAsync(HttpMethod.Get, host.ToolUrl("docs", "/docs/1"), "Bearer " + token);

        if (served)
        {
            WireAssert.Forwarded(response, "/docs/1");
        }
        else
        {
            WireAssert.Unauthorized(response, "invalid_token");
            Assert.Empty(host.Upstream.Requests);
        }
    }

    [Fact]
    public async Task Gateway_UnboundTokenForHighRiskActionOfLowRiskBearerTool_Returns401InvalidToken()
    {
        await using var host = await GatewayHost.StartAsync(new HostSettings
        {
            Customize = config =>
            {
                var tools = config.Tools.Select(t => t.Id == "docs"
                    ? t with { Actions = [.. t.Actions, new ActionConfig { Name = "docs.publish", Method = "POST", PathTemplate = "/docs", Risk = RiskTier.High }] }
                    : t).ToList();
                return config with { Tools = tools, Agents = [.. config.Agents.Select(a => a.Id == "bearer-bot" ? GatewayScenario.Agent(a.Id, tools, requireDpop: false) : a)] };
            },
        });
        var token = await host.BearerTokenAsync("bearer-bot", GatewayScenario.DocsAudience, "docs.publish");

        // ToolConfig.AllowBearer: "never allowed on ... tools with high or critical risk actions".
        var response = await host.SendAsync(HttpMethod.Post, host.ToolUrl("docs", "/docs"), "Bearer " + token);

        WireAssert.Unauthorized(response, "invalid_token");
        Assert.Empty(host.Upstream.Requests);
    }

    [Fact]
    public async Task Gateway_SameUnboundTokenAfterToolRaisedToHighRisk_Returns401InvalidToken()
    {
        await using var host = await GatewayHost.StartAsync();
        var token = await host.BearerTokenAsync("bearer-high-bot", GatewayScenario.DocsAudience, "docs.read");
        var url = host.ToolUrl("docs", "/docs/readme");
        WireAssert.Forwarded(await host.SendAsync(HttpMethod.Get, url, "Bearer " + token), "/docs/readme");
        host.Upstream.Clear();

        var registry = host.App.Services.GetRequiredService<ReinRegistry>();
        var config = registry.Current.Config;
        registry.Replace(config with
        {
            Tools = [.. config.Tools.Select(t => t.Id == "docs" ? t with { Risk = RiskTier.High } : t)],
        });
        var response = await host.SendAsync(HttpMethod.Get, url, "Bearer " + token);

        WireAssert.Unauthorized(response, "invalid_token");
        Assert.Empty(host.Upstream.Requests);
    }
}
