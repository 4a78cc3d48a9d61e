using System.Globalization;
using System.Net;
using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests;

/// <summary>A tool's <c>rate_limit</c> is a bucket per agent: the agent over it gets 429 with Retry-After; nobody else does.</summary>
public sealed class RateLimitTests : IClassFixture<GatewayFixture>
{
    private readonly GatewayHost _host;

    public RateLimitTests(GatewayFixture fixture)
    {
        _host = fixture.Host;
        _host.Upstream.Clear();
    }

    [Fact]
    public async Task Gateway_FourthCallWithinWindow_Returns429WithRetryAfterOtherAgentUnaffected()
    {
        using var agent = await _host.AgentAsync("limit-bot", GatewayScenario.LimitedAudience, "limited.read");
        using var other = await _host.AgentAsync("limit-other-bot", GatewayScenario.LimitedAudience, "limited.read");
        for (var i = 1; i <= 3; i++) WireAssert.Forwarded(await agent.GetAsync("limited", $"/items/{i}"), $"/items/{i}");

        var limited = await agent.GetAsync("limited", "/items/4");
        var unaffected = await other.GetAsync("limited", "/items/5");

        WireAssert.GatewayProblem(limited, HttpStatusCode.TooManyRequests, "Too many requests");
        var retryAfter = limited.Header("Retry-After");
        Assert.Matches("^[0-9]+$", retryAfter);
        Assert.InRange(int.Parse(retryAfter!, CultureInfo.InvariantCulture), 1, 60);
        WireAssert.Forwarded(unaffected, "/items/5");
        Assert.Equal(["/items/1", "/items/2", "/items/3", "/items/5"], _host.Upstream.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Gateway_RateLimitedAgent_IsStillServedByToolsWithoutALimit()
    {
        using var agent = await _host.AgentAsync("limit-third-bot", GatewayScenario.LimitedAudience, "limited.read");
        using var tickets = await _host.SameInstanceAsync(agent);
        for (var i = 0; i < 3; i++) WireAssert.Forwarded(await agent.GetAsync("limited", "/items/1"), "/items/1");
        WireAssert.GatewayProblem(await agent.GetAsync("limited", "/items/1"), HttpStatusCode.TooManyRequests, "Too many requests");

        var response = await tickets.GetAsync("tickets", "/tickets/1");

        WireAssert.Forwarded(response, "/tickets/1");
    }

    [Fact]
    public async Task Gateway_ConcurrentBurstOverTheLimit_ForwardsExactlyTheLimit()
    {
        using var agent = await _host.AgentAsync("limit-burst-bot", GatewayScenario.LimitedAudience, "limited.read");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => agent.GetAsync("limited", $"/items/{i}")));

        Assert.Equal(3, responses.Count(r => r.Status == HttpStatusCode.OK));
        Assert.Equal(7, responses.Count(r => r.Status == HttpStatusCode.TooManyRequests));
        Assert.Equal(3, _host.Upstream.Requests.Count);
    }
}
