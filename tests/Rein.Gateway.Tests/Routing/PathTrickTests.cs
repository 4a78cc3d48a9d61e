using System.Net;
using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Routing;

/// <summary>
/// Paths an upstream could read differently from the gateway (encoded slashes, dot segments plain or encoded,
/// backslashes, path parameters) are refused with 400; they never reach the upstream. Sent over a bare socket so that no
/// client library normalizes them first; the proof is for the URL as a normalizing client would sign it.
/// </summary>
public sealed class PathTrickTests : IClassFixture<GatewayFixture>
{
    private readonly GatewayHost _host;

    public PathTrickTests(GatewayFixture fixture)
    {
        _host = fixture.Host;
        _host.Upstream.Clear();
    }

    [Theory]
    [InlineData("/tools/tickets/tickets/a%2Fb")] // an encoded slash makes two segments upstream
    [InlineData("/tools/tickets/tickets/a%2fb")]
    [InlineData("/tools/tickets/files/..%2F..%2Fadmin")]
    [InlineData("/tools/tickets/tickets%5C42")] // an encoded backslash is a separator to some servers
    [InlineData("/tools/tickets/tickets\\42")]
    [InlineData("/tools/tickets/tickets/%252e%252e/admin")] // double encoding
    [InlineData("/tools/tickets/tickets/42%00")] // Kestrel refuses this one itself, before the gateway sees it
    [InlineData("/tools/tickets/tickets/42/../../admin")]
    public async Task Gateway_PathTrick_Returns400AndIsNeverForwarded(string target)
    {
        var response = await SendWithValidCredentialsAsync(target, "tickets.read", "tickets.files");

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{target}: expected 400, got {(int)response.Status} {response.Body}");
        if (!target.Contains("%00", StringComparison.Ordinal)) WireAssert.GatewayProblem(response, HttpStatusCode.BadRequest, "Bad request path");
        WireAssert.NoEcho(response);
        Assert.Empty(_host.Upstream.Requests);
    }

    [Theory]
    [InlineData("/tools/tickets/tickets/search;x=1")] // gateway: tickets.read with id "search;x=1"; Tomcat: /tickets/search
    [InlineData("/tools/tickets/files/..;/tickets/search")] // gateway: tickets.files; Tomcat: /tickets/search
    [InlineData("/tools/tickets/tickets/search%3Bx=1")] // Kestrel decodes %3B
    public async Task Gateway_PathParameterThatUpstreamsStrip_Returns400AndIsNeverForwarded(string target)
    {
        var response = await SendWithValidCredentialsAsync(target, "tickets.read", "tickets.files");

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{target}: expected 400, got {(int)response.Status} {response.Body}");
        Assert.Empty(_host.Upstream.Requests);
    }

    [Theory]
    [InlineData("/tools/tickets/files/a/../../tickets/search")]
    [InlineData("/tools/tickets/files/./a")]
    public async Task Gateway_DotSegmentsResolvingToAnAuthorizedAction_Returns400AndIsNeverForwarded(string target)
    {
        var response = await SendWithValidCredentialsAsync(target, "tickets.read", "tickets.files", "tickets.search");

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{target}: expected 400, got {(int)response.Status} {response.Body}");
        Assert.Empty(_host.Upstream.Requests);
    }

    [Theory]
    [InlineData("/tools/tickets/files/a/%2e%2e/%2e%2e/tickets/search")]
    [InlineData("/tools/tickets/tickets/%2E%2E/search")]
    [InlineData("/tools/tickets/files/%2e%2e/x")]
    [InlineData("/tools/tickets/files/a/%2E%2E/%2E%2E/tickets/search")]
    [InlineData("/tools/tickets/files/a/.%2e/%2e./tickets/search")]
    [InlineData("/tools/tickets/files/%2e/a")]
    public async Task Gateway_PercentEncodedDotSegments_Return400AndAreNeverForwarded(string target)
    {
        var response = await SendWithValidCredentialsAsync(target, "tickets.read", "tickets.files", "tickets.search");

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{target}: expected 400, got {(int)response.Status} {response.Body}");
        Assert.Empty(_host.Upstream.Requests);
    }

    [Theory]
    [InlineData("/tools/tickets/../vault/secrets/db")] // would land on another tool
    [InlineData("/tools/tickets/%2e%2e/vault/secrets/db")]
    [InlineData("/tools/tickets/tickets/%2e%2e/%2e%2e/admin")] // would land on no tool at all
    public async Task Gateway_DotSegmentsEscapingTheToolPrefix_Return400AndAreNeverForwarded(string target)
    {
        var response = await SendWithValidCredentialsAsync(target, "tickets.read", "tickets.files", "tickets.search");

        WireAssert.GatewayProblem(response, HttpStatusCode.BadRequest, "Bad request path");
        Assert.Empty(_host.Upstream.Requests);
    }

    private async Task<WireResponse> SendWithValidCredentialsAsync(string target, params string[] scopes)
    {
        using var agent = await _host.AgentAsync("route-bot", GatewayScenario.TicketsAudience, scopes);
        var proof = agent.Client.CreateProof("GET", new Uri(_host.Issuer + target), agent.Token);
        return await RawHttp.SendAsync(_host.Issuer, "GET", target, [("Authorization", "DPoP " + agent.Token), ("DPoP", proof)], [agent.Token, proof]);
    }
}
