using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Rein.Broker.Tests.Infrastructure;
using Rein.Jose.DPoP;

namespace Rein.Broker.Tests.Admin;

/// <summary>The admin API: nothing anonymous, admin tokens only (DPoP-bound, aud = the admin API), problem details.</summary>
public sealed class AdminApiTests(StandardBroker broker) : IClassFixture<StandardBroker>
{
    private BrokerHost Host => broker.Host;
    private Uri Agents => new(Host.Issuer + "/admin/v1/agents");

    private async Task<WireResponse> SendAsync(HttpRequestMessage request, params string[] submitted)
    {
        using var response = await Host.Http.SendAsync(request);
        return await WireResponse.FromAsync(response, submitted);
    }

    private static void AssertProblem(WireResponse response, HttpStatusCode status)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal((int)status, response.Json.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.String, response.Json.GetProperty("title").ValueKind);
        WireAssert.NoEcho(response);
    }

    [Fact]
    public async Task Admin_NoToken_Returns401WithDPoPChallenge()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Agents);

        var response = await SendAsync(request);

        AssertProblem(response, HttpStatusCode.Unauthorized);
        Assert.StartsWith("DPoP ", response.Header("WWW-Authenticate"), StringComparison.Ordinal);
        Assert.Contains("algs=", response.Header("WWW-Authenticate"), StringComparison.Ordinal);
        Assert.DoesNotContain("error=", response.Header("WWW-Authenticate"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin/v1/agents/bot")]
    [InlineData("/admin/v1/tools")]
    [InlineData("/admin/v1/agents/bot/suspend")]
    [InlineData("/admin/v1/keys/rotate")]
    [InlineData("/admin/v1/agents/bot/kill")]
    [InlineData("/admin/v1/agents/bot/enable")]
    [InlineData("/admin/v1/revocations")]
    [InlineData("/admin/v1/grants")]
    [InlineData("/admin/v1/grants/g-1")]
    [InlineData("/admin/v1/grants/g-1/revoke")]
    [InlineData("/admin/v1/approvals")]
    [InlineData("/admin/v1/approvals/ap-000000000000000000000000")]
    [InlineData("/admin/v1/approvals/ap-000000000000000000000000/approve")]
    [InlineData("/admin/v1/approvals/ap-000000000000000000000000/deny")]
    public async Task Admin_EveryRoute_IsNotAnonymous(string path)
    {
        string[] posts = ["/suspend", "/rotate", "/kill", "/enable", "/revocations", "/revoke", "/approve", "/deny"];
        using var request = new HttpRequestMessage(posts.Any(p => path.EndsWith(p, StringComparison.Ordinal))
            ? HttpMethod.Post : HttpMethod.Get, new Uri(Host.Issuer + path))
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        };

        var response = await SendAsync(request);

        AssertProblem(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Admin_AgentToolToken_Returns401InvalidToken()
    {
        using var client = Host.Client("bot");
        var token = (await client.RequestTokenAsync(Scenario.TicketsAudience, ["tickets.read"])).AccessToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, Agents);
        request.Headers.Authorization = new AuthenticationHeaderValue("DPoP", token);
        var proof = client.CreateProof("GET", Agents, token);
        request.Headers.Add("DPoP", proof);

        var response = await SendAsync(request, token, proof);

        AssertProblem(response, HttpStatusCode.Unauthorized);
        Assert.Contains("error=\"invalid_token\"", response.Header("WWW-Authenticate"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_AdminTokenAsBearer_Returns401()
    {
        using var admin = await Host.AdminAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, Agents);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin.Token);

        var response = await SendAsync(request, admin.Token);

        AssertProblem(response, HttpStatusCode.Unauthorized);
        Assert.Contains("error=\"invalid_token\"", response.Header("WWW-Authenticate"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_AdminTokenWithProofFromAnotherKey_Returns401InvalidDPoPProof()
    {
        using var admin = await Host.AdminAsync();
        using var attacker = TestKeys.Fresh("attacker");
        using var request = new HttpRequestMessage(HttpMethod.Get, Agents);
        request.Headers.Authorization = new AuthenticationHeaderValue("DPoP", admin.Token);
        var proof = DPoPProofWriter.Create(attacker, "GET", Agents, admin.Token, null, Host.Time.GetUtcNow());
        request.Headers.Add("DPoP", proof);

        var response = await SendAsync(request, admin.Token, proof);

        AssertProblem(response, HttpStatusCode.Unauthorized);
        Assert.Contains("error=\"invalid_dpop_proof\"", response.Header("WWW-Authenticate"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_AdminTokenWithProof_ListsAgents()
    {
        using var admin = await Host.AdminAsync();

        var response = await admin.GetAsync("/admin/v1/agents");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.MediaType);
        var agents = response.Json.EnumerateArray().ToList();
        var bot = Assert.Single(agents, a => a.GetProperty("id").GetString() == "bot");
        Assert.Equal("active", bot.GetProperty("status").GetString());
        Assert.True(bot.GetProperty("require_dpop").GetBoolean());
        Assert.Contains(agents, a => a.GetProperty("id").GetString() == "k8s-bot");
        WireAssert.NoEcho(response);
    }

    [Fact]
    public async Task Admin_AdminToken_IsBoundAndAudiencedToTheAdminApi()
    {
        using var admin = await Host.AdminAsync();

        var claims = Jws.Payload(admin.Token);

        Assert.Equal(Host.AdminAudience, claims.GetProperty("aud").GetString());
        Assert.Equal("rein:admin", claims.GetProperty("scope").GetString());
        Assert.Equal(Scenario.AdminId, claims.GetProperty("sub").GetString());
        Assert.True(claims.TryGetProperty("cnf", out _));
    }

    [Theory]
    [InlineData("/admin/v1/agents/no-such-agent")]
    [InlineData("/admin/v1/tools/no-such-tool")]
    public async Task Admin_UnknownResource_ReturnsProblemDetails404(string path)
    {
        using var admin = await Host.AdminAsync();

        var response = await admin.GetAsync(path);

        AssertProblem(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Admin_RotateUnsupportedAlgorithm_ReturnsProblemDetails400()
    {
        using var admin = await Host.AdminAsync();

        var response = await admin.PostJsonAsync("/admin/v1/keys/rotate", """{"algorithm":"HS256","immediate":true}""");

        AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Admin_ToolsList_ShowsRiskAndActions()
    {
        using var admin = await Host.AdminAsync();

        var response = await admin.GetAsync("/admin/v1/tools/vault");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("critical", response.Json.GetProperty("risk").GetString());
        Assert.Equal(Scenario.VaultAudience, response.Json.GetProperty("audience").GetString());
    }

    [Fact]
    public async Task Token_AdminClientAskingForAToolScope_ReturnsInvalidScope()
    {
        using var dpopKey = TestKeys.Fresh("dpop");

        var response = await Host.RequestTokenAsync(Scenario.AdminId, dpopKey);

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_scope");
    }

    [Fact]
    public async Task Token_AdminClientAskingForAToolResource_ReturnsInvalidTarget()
    {
        using var dpopKey = TestKeys.Fresh("dpop");

        var response = await Host.RequestTokenAsync(Scenario.AdminId, dpopKey, Scenario.TicketsAudience, "rein:admin");

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_target");
    }

    [Fact]
    public async Task Token_AdminClientWithoutProof_ReturnsInvalidRequest()
    {
        var response = await Host.PostFormAsync(Host.TokenEndpoint,
            BrokerHost.ClientCredentials(Host.Assertion(Scenario.AdminId), resource: null, scope: "rein:admin"));

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task OpenApi_IsServedAndListsTheAdminPaths()
    {
        using var response = await Host.Http.GetAsync(new Uri(Host.Issuer + "/openapi/v1.json"));
        var wire = await WireResponse.FromAsync(response, []);

        Assert.Equal(HttpStatusCode.OK, wire.Status);
        Assert.Equal("application/json", wire.MediaType);
        var paths = wire.Json.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/admin/v1/agents", paths);
        Assert.Contains("/admin/v1/agents/{id}", paths);
        Assert.Contains("/admin/v1/agents/{id}/suspend", paths);
        Assert.Contains("/admin/v1/agents/{id}/enable", paths);
        Assert.Contains("/admin/v1/tools", paths);
        Assert.Contains("/admin/v1/keys/rotate", paths);
        Assert.Contains("/admin/v1/grants", paths);
        Assert.Contains("/admin/v1/grants/{id}/revoke", paths);
        Assert.Contains("/admin/v1/approvals", paths);
        Assert.Contains("/admin/v1/approvals/{id}/approve", paths);
        Assert.Contains("/admin/v1/approvals/{id}/deny", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/oauth/", StringComparison.Ordinal));
    }
}
