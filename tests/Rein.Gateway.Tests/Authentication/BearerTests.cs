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
