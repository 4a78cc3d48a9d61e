using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Authentication;

/// <summary>
/// Several tokens on one keep-alive connection. The gateway remembers the hash of the last token it saw on an HTTP/1.1
/// connection (Kestrel reuses an unchanged header's string), so these pin down that the memory never stands in for a
/// token that differs and never skips a check that can change between requests.
/// </summary>
public sealed class ConnectionReuseTests : IClassFixture<GatewayFixture>
{
    private readonly GatewayHost _host;

    public ConnectionReuseTests(GatewayFixture fixture)
    {
        _host = fixture.Host;
        _host.Upstream.Clear();
    }

    [Fact]
    public async Task Gateway_OneConnection_EveryTokenIsJudgedOnItsOwn()
    {
        var token = await _host.BearerTokenAsync("bearer-bot", GatewayScenario.DocsAudience, "docs.read");
        // Same length, one signature character changed: only the hash can tell the two apart.
        var tampered = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        var other = await _host.BearerTokenAsync("bearer-bot", GatewayScenario.DocsAudience, "docs.read");
        using var connection = OneConnection();
        var url = _host.ToolUrl("docs", "/docs/readme");

        WireAssert.Forwarded(await SendAsync(connection, url, token), "/docs/readme");
        WireAssert.Forwarded(await SendAsync(connection, url, token), "/docs/readme");
        WireAssert.Unauthorized(await SendAsync(connection, url, tampered), "invalid_token");
        WireAssert.Forwarded(await SendAsync(connection, url, other), "/docs/readme");
        WireAssert.Forwarded(await SendAsync(connection, url, token), "/docs/readme");
        Assert.Equal(4, _host.Upstream.Requests.Count);
    }

    [Fact]
    public async Task Gateway_OneConnection_RevokedTokenIsRefusedOnTheNextRequest()
    {
        using var admin = await _host.AdminAsync();
        var token = await _host.BearerTokenAsync("bearer-bot", GatewayScenario.DocsAudience, "docs.read");
        using var connection = OneConnection();
        var url = _host.ToolUrl("docs", "/docs/readme");
        WireAssert.Forwarded(await SendAsync(connection, url, token), "/docs/readme");
        WireAssert.Forwarded(await SendAsync(connection, url, token), "/docs/readme");

        await admin.RevokeAsync("jti:" + Jwt.Claim(token, "jti"));

        WireAssert.Unauthorized(await SendAsync(connection, url, token), "invalid_token");
        Assert.Equal(2, _host.Upstream.Requests.Count);
    }

    /// <summary>A client that keeps every request on one keep-alive connection.</summary>
    private static HttpClient OneConnection() =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseCookies = false, AllowAutoRedirect = false });

    private static async Task<WireResponse> SendAsync(HttpClient connection, Uri url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        using var response = await connection.SendAsync(request);
        return await WireResponse.FromAsync(response, [token]);
    }
}
