using Rein.Core.Configuration;
using Rein.Core.Registry;
using Microsoft.Extensions.DependencyInjection;
using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Authentication;

/// <summary>
/// Unbound bearer tokens (RFC 6750): only at a tool that declares <c>allow_bearer</c> and only below high risk, and
/// only for agents allowed to skip DPoP.
/// </summary>
public sealed class BearerTests : IClassFixture<GatewayFixture>
{
    private readonly GatewayHost _host;

    public BearerTests(GatewayFixture fixture)
    {
        _host = fixture.Host;
        _host.Upstream.Clear();
    }

    [Fact]
    public async Task Gateway_UnboundTokenAtLowRiskBearerTool_IsForwarded()
    {
        var token = await _host.BearerTokenAsync("bearer-bot", GatewayScenario.DocsAudience, "docs.read");

        var response = await _host.SendAsync(HttpMethod.Get, _host.ToolUrl("docs", "/docs/readme"), "Bearer " + token);

        WireAssert.Forwarded(response, "/docs/readme");
        var seen = Assert.Single(_host.Upstream.Requests);
        Assert.False(seen.Has("Authorization"));
        Assert.Equal(["bearer-bot"], seen.Values("X-Rein-Agent"));
        Assert.Equal(["docs.read"], seen.Values("X-Rein-Action"));
    }

    [Fact]
    public async Task Gateway_UnboundTokenAtBearerToolWithDPoPScheme_Returns401InvalidToken()
    {
        var token = await _host.BearerTokenAsync("bearer-bot", GatewayScenario.DocsAudience, "docs.read");
        using var client = _host.Client("bearer-bot");
        var url = _host.ToolUrl("docs", "/docs/readme");

        // RFC 9449 §7.1: the DPoP scheme is for DPoP-bound tokens; an unbound token cannot be upgraded by a proof.
        var response = await _host.SendAsync(HttpMethod.Get, url, "DPoP " + token, client.CreateProof("GET", url, token));

        var challenge = WireAssert.Unauthorized(response, "invalid_token");
        Assert.Contains(", Bearer error=\"invalid_token\"", challenge, StringComparison.Ordinal);
        Assert.Empty(_host.Upstream.Requests);
    }

    [Fact]
    public async Task Gateway_NoCredentialsAtBearerTool_ChallengesBothSchemesWithoutError()
    {
        var response = await _host.SendAsync(HttpMethod.Get, _host.ToolUrl("docs", "/docs/readme"), authorization: null);

        WireAssert.Unauthorized(response, error: null);
        Assert.Equal("DPoP algs=\"ES256 ES384 ES512 RS256 PS256\", Bearer", response.Header("WWW-Authenticate"));
        Assert.Empty(_host.Upstream.Requests);
    }

    [Fact]
    public async Task Gateway_UnboundTokenAtHighRiskToolDeclaringAllowBearer_Returns401InvalidToken()
    {
        var token = await _host.BearerTokenAsync("bearer-bot", GatewayScenario.VaultAudience, "vault.read");

        var response = await _host.SendAsync(HttpMethod.Get, _host.ToolUrl("vault", "/secrets/db"), "Bearer " + token);

        var challenge = WireAssert.Unauthorized(response, "invalid_token");
        Assert.DoesNotContain("Bearer", challenge, StringComparison.Ordinal);
        Assert.Empty(_host.Upstream.Requests);
    }

    [Fact]
    public async Task Gateway_UnboundTokenAtMediumRiskToolWithoutAllowBearer_Returns401InvalidToken()
    {
        var token = await _host.BearerTokenAsync("bearer-bot", GatewayScenario.TicketsAudience, "tickets.read");

        var response = await _host.SendAsync(HttpMethod.Get, _host.ToolUrl("tickets", "/tickets/1"), "Bearer " + token);

        WireAssert.Unauthorized(response, "invalid_token");
        Assert.Empty(_host.Upstream.Requests);
    }
}

/// <summary>The same unbound token, once the tool it was issued for is raised to high risk, stops working at once.</summary>
public sealed class BearerRiskChangeTests
{
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

/// <summary>Where bearer tokens may go is decided by risk: declared allow_bearer counts only below high risk.</summary>
public sealed class BearerRiskTierTests
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
}

