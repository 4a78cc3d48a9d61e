using System.Net;
using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Routing;

/// <summary>
/// Method + path → one declared action, most specific template first, literals compared ordinally; no action, no
/// forwarding; the action is the scope the token must carry (RFC 6750 §3.1 insufficient_scope).
/// </summary>
public sealed class ActionMappingTests : IClassFixture<GatewayFixture>
{
    private static readonly string[] AllTickets = ["tickets.list", "tickets.read", "tickets.search", "tickets.comments", "tickets.files", "tickets.write"];
    private readonly GatewayHost _host;

    public ActionMappingTests(GatewayFixture fixture)
    {
        _host = fixture.Host;
        _host.Upstream.Clear();
    }

    [Theory]
    [InlineData("GET", "/tickets", "tickets.list")]
    [InlineData("GET", "/tickets/42", "tickets.read")]
    [InlineData("GET", "/tickets/search", "tickets.search")] // the literal beats {id}
    [InlineData("GET", "/tickets/SEARCH", "tickets.read")] // …but only in its exact spelling
    [InlineData("GET", "/tickets/42/comments", "tickets.comments")]
    [InlineData("GET", "/files/a/b/c.txt", "tickets.files")] // a catch-all takes every remaining segment
    [InlineData("GET", "/files", "tickets.files")] // …even none
    [InlineData("POST", "/tickets", "tickets.write")]
    public async Task Gateway_RequestMatchingAnAction_IsForwardedAsThatAction(string method, string path, string action)
    {
        using var agent = await _host.AgentAsync("route-bot", GatewayScenario.TicketsAudience, AllTickets);

        var response = await agent.SendAsync(new HttpMethod(method), "tickets", path);

        WireAssert.Forwarded(response, path);
        var seen = Assert.Single(_host.Upstream.Requests);
        Assert.Equal(method, seen.Method);
        Assert.Equal(path, seen.RawTarget);
        Assert.Equal([action], seen.Values("X-Rein-Action"));
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/unknown")]
    [InlineData("GET", "/tickets/")] // {id} does not match an empty segment, and "/tickets" does not take a trailing slash
    [InlineData("GET", "/tickets/42/")]
    [InlineData("GET", "/tickets/1/2")] // {id} is one segment
    [InlineData("GET", "/tickets//comments")]
    [InlineData("GET", "/tickets/42/comments/9")]
    [InlineData("GET", "/TICKETS/42")] // literals compare ordinally
    [InlineData("GET", "/Tickets")]
    [InlineData("GET", "/tickets/42/Comments")]
    [InlineData("DELETE", "/tickets/42")] // no action declares DELETE
    [InlineData("PUT", "/tickets/42")]
    [InlineData("POST", "/tickets/42")] // POST is declared, but only for /tickets
    [InlineData("HEAD", "/tickets/42")]
    [InlineData("OPTIONS", "/tickets")]
    public async Task Gateway_RequestMatchingNoAction_Returns404AndIsNotForwarded(string method, string path)
    {
        using var agent = await _host.AgentAsync("route-bot", GatewayScenario.TicketsAudience, AllTickets);

        var response = await agent.SendAsync(new HttpMethod(method), "tickets", path);

        if (method == "HEAD")
        {
            Assert.Equal(HttpStatusCode.NotFound, response.Status);
            Assert.Equal("application/problem+json", response.MediaType);
        }
        else
        {
            WireAssert.GatewayProblem(response, HttpStatusCode.NotFound, "Not found");
        }
        Assert.Empty(_host.Upstream.Requests);
    }

    [Theory]
    [InlineData("GET", "/tickets/42/comments", "tickets.comments")]
    [InlineData("GET", "/tickets/search", "tickets.search")] // a read token cannot reach search through {id}
    [InlineData("GET", "/tickets", "tickets.list")]
    [InlineData("POST", "/tickets", "tickets.write")]
    public async Task Gateway_TokenWithoutTheActionsScope_Returns403InsufficientScope(string method, string path, string action)
    {
        using var agent = await _host.AgentAsync("scope-bot", GatewayScenario.TicketsAudience, "tickets.read");

        var response = await agent.SendAsync(new HttpMethod(method), "tickets", path);

        WireAssert.GatewayProblem(response, HttpStatusCode.Forbidden, "Forbidden");
        Assert.Equal($"DPoP error=\"insufficient_scope\", scope=\"{action}\"", response.Header("WWW-Authenticate"));
        Assert.Empty(_host.Upstream.Requests);
    }
}
