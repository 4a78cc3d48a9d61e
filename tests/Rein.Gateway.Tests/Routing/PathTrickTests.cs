using System.Net;
using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Routing;

/// <summary>
/// Paths an upstream could read differently from the gateway (encoded slashes, dot segments, backslashes, path
/// parameters) are refused or match nothing; they never reach the upstream. Sent over a bare socket so that no
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
    [InlineData("/tools/tickets/tickets/a%2Fb", 400)] // an encoded slash makes two segments upstream
    [InlineData("/tools/tickets/tickets/a%2fb", 400)]
    [InlineData("/tools/tickets/files/..%2F..%2Fadmin", 400)]
    [InlineData("/tools/tickets/tickets%5C42", 400)] // an encoded backslash is a separator to some servers
    [InlineData("/tools/tickets/tickets\\42", 400)]
    [InlineData("/tools/tickets/tickets/%252e%252e/admin", 400)] // double encoding
    [InlineData("/tools/tickets/tickets/42%00", 400)]
    [InlineData("/tools/tickets/tickets/42/../../admin", 400)]
    [InlineData("/tools/tickets/tickets/%2e%2e/%2e%2e/admin", 404)]
    [InlineData("/tools/tickets/tickets/%2E%2E/search", 404)]
    [InlineData("/tools/tickets/files/%2e%2e/x", 404)]
    public async Task Gateway_PathTrick_IsRefusedOrMatchesNothingAndIsNeverForwarded(string target, int status)
    {
        var response = await SendWithValidCredentialsAsync(target, "tickets.read", "tickets.files");

        Assert.True((HttpStatusCode)status == response.Status, $"{target}: expected {status}, got {(int)response.Status} {response.Body}");
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
    [InlineData("/tools/tickets/files/a/%2E%2E/%2E%2E/tickets/search")]
    [InlineData("/tools/tickets/files/a/.%2e/%2e./tickets/search")]
    [InlineData("/tools/tickets/files/%2e/a")]
    public async Task Gateway_EncodedDotSegmentsResolvingToAnAuthorizedAction_Returns400AndIsNeverForwarded(string target)
    {
        var response = await SendWithValidCredentialsAsync(target, "tickets.read", "tickets.files", "tickets.search");

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{target}: expected 400, got {(int)response.Status} {response.Body}");
        Assert.Empty(_host.Upstream.Requests);
    }

    private async Task<WireResponse> SendWithValidCredentialsAsync(string target, params string[] scopes)
    {
        using var agent = await _host.AgentAsync("route-bot", GatewayScenario.TicketsAudience, scopes);
        var proof = agent.Client.CreateProof("GET", new Uri(_host.Issuer + target), agent.Token);
        return await RawHttp.SendAsync(_host.Issuer, "GET", target, [("Authorization", "DPoP " + agent.Token), ("DPoP", proof)], [agent.Token, proof]);
    }
}
