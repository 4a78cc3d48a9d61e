using System.Net;
using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Forwarding;

/// <summary>An authorized call: what reaches the upstream, and what never does.</summary>
public sealed class ForwardingTests : IClassFixture<GatewayFixture>
{
    private readonly GatewayHost _host;

    public ForwardingTests(GatewayFixture fixture)
    {
        _host = fixture.Host;
        _host.Upstream.Clear();
    }

    [Fact]
    public async Task Gateway_AuthorizedDPoPCall_ReachesUpstreamWithMappedPathAndQuery()
    {
        using var agent = await _host.AgentAsync("bot");

        var response = await agent.GetAsync("tickets", "/tickets/42?x=1");

        WireAssert.Forwarded(response, "/tickets/42");
        var seen = Assert.Single(_host.Upstream.Requests);
        Assert.Equal("GET", seen.Method);
        Assert.Equal("/tickets/42?x=1", seen.RawTarget);
        Assert.Equal("/tickets/42", seen.Path);
        Assert.Equal("?x=1", seen.Query);
    }

    [Fact]
    public async Task Gateway_AuthorizedCall_UpstreamSeesAgentActionAndFreshTraceparent()
    {
        using var agent = await _host.AgentAsync("bot");

        var response = await agent.GetAsync("tickets", "/tickets/42");

        WireAssert.Forwarded(response, "/tickets/42");
        var seen = Assert.Single(_host.Upstream.Requests);
        Assert.Equal(["bot"], seen.Values("X-Rein-Agent"));
        Assert.Equal(["tickets.read"], seen.Values("X-Rein-Action"));
        WireAssert.TraceParent(Assert.Single(seen.Values("traceparent")));
    }

    [Fact]
    public async Task Gateway_CallerSentValidTraceparent_UpstreamKeepsTraceIdWithGatewaySpan()
    {
        using var agent = await _host.AgentAsync("trace-bot");
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        const string callerSpan = "00f067aa0ba902b7";

        var response = await agent.SendAsync(HttpMethod.Get, "tickets", "/tickets/7",
            r => r.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{callerSpan}-01"));

        WireAssert.Forwarded(response, "/tickets/7");
        var (seenTrace, seenSpan) = WireAssert.TraceParent(Assert.Single(_host.Upstream.Requests).Single("traceparent"));
        Assert.Equal(traceId, seenTrace);
        Assert.NotEqual(callerSpan, seenSpan);
    }

    [Theory]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")] // all-zero trace id is invalid
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")] // upper-case hex is invalid
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7")] // no flags
    [InlineData("garbage")]
    public async Task Gateway_CallerSentMalformedTraceparent_UpstreamGetsNewTrace(string traceparent)
    {
        using var agent = await _host.AgentAsync("trace-bot");

        var response = await agent.SendAsync(HttpMethod.Get, "tickets", "/tickets/7",
            r => r.Headers.TryAddWithoutValidation("traceparent", traceparent));

        WireAssert.Forwarded(response, "/tickets/7");
        var seen = Assert.Single(_host.Upstream.Requests);
        var (seenTrace, _) = WireAssert.TraceParent(Assert.Single(seen.Values("traceparent")));
        Assert.DoesNotContain(seenTrace, traceparent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Gateway_AuthorizedCall_StripsCredentialsSpoofedReinHeadersTxnTokenAndCookies()
    {
        using var agent = await _host.AgentAsync("bot");

        var response = await agent.SendAsync(HttpMethod.Get, "tickets", "/tickets/42", r =>
        {
            r.Headers.TryAddWithoutValidation("X-Rein-Agent", "admin-bot");
            r.Headers.TryAddWithoutValidation("x-rein-action", "tickets.write");
            r.Headers.TryAddWithoutValidation("X-Rein-Roles", "admin");
            r.Headers.TryAddWithoutValidation("Txn-Token", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJzcG9vZiJ9.c2lnbmF0dXJlLXNwb29mZWQtYnktY2xpZW50");
            r.Headers.TryAddWithoutValidation("Cookie", "session=s3cr3t-session-cookie");
            r.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic c3B5OnNweQ==");
            r.Headers.TryAddWithoutValidation("tracestate", "vendor=spoofed");
        });

        WireAssert.Forwarded(response, "/tickets/42");
        var seen = Assert.Single(_host.Upstream.Requests);
        Assert.False(seen.Has("Authorization"));
        Assert.False(seen.Has("DPoP"));
        Assert.NotEqual("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJzcG9vZiJ9.c2lnbmF0dXJlLXNwb29mZWQtYnktY2xpZW50", Assert.Single(seen.Values("Txn-Token")));
        Assert.False(seen.Has("Cookie"));
        Assert.False(seen.Has("Proxy-Authorization"));
        Assert.False(seen.Has("X-Rein-Roles"));
        Assert.Equal(["bot"], seen.Values("X-Rein-Agent"));
        Assert.Equal(["tickets.read"], seen.Values("X-Rein-Action"));
        Assert.DoesNotContain(seen.Headers, h => h.Value.Any(v => v.Contains(agent.Token, StringComparison.Ordinal)));
        Assert.DoesNotContain(seen.Headers, h => h.Value.Any(v => v.Contains("s3cr3t", StringComparison.Ordinal) || v.Contains("spoof", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Gateway_AuthorizedPost_ForwardsMethodAndBody()
    {
        using var agent = await _host.AgentAsync("bot", GatewayScenario.TicketsAudience, "tickets.write");

        var response = await agent.SendAsync(HttpMethod.Post, "tickets", "/tickets",
            r => r.Content = new StringContent("""{"title":"printer on fire"}""", System.Text.Encoding.UTF8, "application/json"));

        WireAssert.Forwarded(response, "/tickets");
        var seen = Assert.Single(_host.Upstream.Requests);
        Assert.Equal("POST", seen.Method);
        Assert.Equal(["tickets.write"], seen.Values("X-Rein-Action"));
    }

    [Fact]
    public async Task Gateway_UpstreamStatusAndHeaders_AreRelayedWithoutReinCredentials()
    {
        using var agent = await _host.AgentAsync("bot");

        var response = await agent.GetAsync("tickets", "/tickets/1");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.MediaType);
        Assert.Null(response.Header("WWW-Authenticate"));
        WireAssert.NoEcho(response);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "6.6.6.6")]
    [InlineData("X-Forwarded-Host", "evil.example")]
    [InlineData("X-Forwarded-Proto", "https")]
    [InlineData("Forwarded", "for=6.6.6.6;host=evil.example")]
    public async Task Gateway_ClientSentForwardingHeaders_AreReplacedNotPassedOn(string name, string spoofed)
    {
        using var agent = await _host.AgentAsync("bot");

        var response = await agent.SendAsync(HttpMethod.Get, "tickets", "/tickets/42", r => r.Headers.TryAddWithoutValidation(name, spoofed));

        WireAssert.Forwarded(response, "/tickets/42");
        var seen = Assert.Single(_host.Upstream.Requests);
        Assert.DoesNotContain(seen.Values(name), v => v.Contains(spoofed, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("X_Rein_Agent", "admin-bot")] // CGI/WSGI map X_Rein_Agent and X-Rein-Agent to the same HTTP_X_REIN_AGENT
    [InlineData("X_REIN_ACTION", "tickets.write")]
    [InlineData("Txn_Token", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJzcG9vZiJ9.c3Bvb2ZlZC10eG4tdG9rZW4")]
    [InlineData("X_HTTP_Method_Override", "DELETE")]
    [InlineData("Proxy_Authorization", "Basic c3B5OnNweQ==")]
    public async Task Gateway_UnderscoreSpellingOfAReinHeader_IsNotForwarded(string name, string value)
    {
        using var agent = await _host.AgentAsync("bot");

        var response = await agent.SendAsync(HttpMethod.Get, "tickets", "/tickets/42", r => r.Headers.TryAddWithoutValidation(name, value));

        WireAssert.Forwarded(response, "/tickets/42");
        Assert.False(Assert.Single(_host.Upstream.Requests).Has(name), $"{name} reached the upstream");
    }

    [Theory]
    [InlineData("X-HTTP-Method-Override", "DELETE")] // the gateway authorized GET; Express/ASP.NET/Rack method override would run DELETE
    [InlineData("X-HTTP-Method", "DELETE")]
    [InlineData("X-Method-Override", "DELETE")]
    [InlineData("X-Original-URL", "/admin")] // IIS URL Rewrite and older Symfony route by these instead of the path
    [InlineData("X-Rewrite-URL", "/admin")]
    public async Task Gateway_MethodOrUrlOverrideHeader_IsNotForwarded(string name, string value)
    {
        using var agent = await _host.AgentAsync("bot");

        var response = await agent.SendAsync(HttpMethod.Get, "tickets", "/tickets/42", r => r.Headers.TryAddWithoutValidation(name, value));

        WireAssert.Forwarded(response, "/tickets/42");
        Assert.False(Assert.Single(_host.Upstream.Requests).Has(name), $"{name} reached the upstream");
    }
}
