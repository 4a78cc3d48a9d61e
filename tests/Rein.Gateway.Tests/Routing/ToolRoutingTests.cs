using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Routing;

/// <summary>Which tool a request is for: unknown tools and unreachable upstreams get problem details that reveal nothing.</summary>
public sealed class ToolRoutingTests : IClassFixture<GatewayFixture>
{
    private readonly GatewayHost _host;

    public ToolRoutingTests(GatewayFixture fixture)
    {
        _host = fixture.Host;
        _host.Upstream.Clear();
    }

    [Theory]
    [InlineData("/tools/nope/tickets/42")]
    [InlineData("/tools/nope")]
    [InlineData("/tools/tickets2/tickets/42")]
    [InlineData("/tools/ticket/tickets/42")]
    public async Task Gateway_UnknownToolId_Returns404Problem(string path)
    {
        using var agent = await _host.AgentAsync("route-bot");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_host.Issuer + path));
        request.Headers.TryAddWithoutValidation("Authorization", "DPoP " + agent.Token);
        request.Headers.TryAddWithoutValidation("DPoP", agent.Client.CreateProof("GET", request.RequestUri!, agent.Token));

        var response = await _host.SendAsync(request, agent.Token);

        WireAssert.GatewayProblem(response, HttpStatusCode.NotFound, "No such tool");
        Assert.Empty(_host.Upstream.Requests);
    }

    [Fact]
    public async Task Gateway_UpstreamDown_Returns502ProblemWithoutInternals()
    {
        using var agent = await _host.AgentAsync("route-bot", GatewayScenario.OfflineAudience, "offline.read");
        var upstream = new Uri(_host.App.Services.GetService<Rein.Core.Registry.ReinRegistry>()!.Current.ToolsById["offline"].Upstream!);

        var response = await agent.GetAsync("offline", "/status");

        WireAssert.GatewayProblem(response, HttpStatusCode.BadGateway, "The tool is unavailable");
        Assert.Equal("""{"type":"about:blank","title":"The tool is unavailable","status":502}""", response.Body);
        foreach (var secret in new[] { upstream.Host, upstream.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "refused", "Exception", "Socket", "offline.example" })
        {
            Assert.DoesNotContain(secret, response.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(response.Headers, h => h.Value.Any(v => v.Contains(secret, StringComparison.OrdinalIgnoreCase)));
        }
    }
}
