using System.Net;
using System.Text.Json;
using Rein.Broker.Tests.Infrastructure;

namespace Rein.Broker.Tests.Introspection;

/// <summary>RFC 7662 introspection and RFC 7009 revocation, on the system clock.</summary>
public sealed class IntrospectionTests(StandardBroker broker) : IClassFixture<StandardBroker>
{
    private BrokerHost Host => broker.Host;
    private const string Inactive = """{"active":false}""";

    [Fact]
    public async Task Introspect_AdminOnLiveToken_ReturnsActiveWithClaims()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var token = WireAssert.TokenIssued(await Host.RequestTokenAsync("bot", dpopKey, scope: "tickets.read tickets.write"), "DPoP")
            .GetProperty("access_token").GetString()!;
        var claims = Jws.Payload(token);

        var response = await Host.IntrospectAsync(token);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.MediaType);
        Assert.Equal("no-store", response.Header("Cache-Control"));
        var json = response.Json;
        Assert.True(json.GetProperty("active").GetBoolean());
        Assert.Equal(Host.Issuer, json.GetProperty("iss").GetString());
        Assert.Equal("bot", json.GetProperty("sub").GetString());
        Assert.Equal("bot", json.GetProperty("client_id").GetString());
        Assert.Equal(Scenario.TicketsAudience, json.GetProperty("aud").GetString());
        Assert.Equal("tickets.read tickets.write", json.GetProperty("scope").GetString());
        Assert.Equal("DPoP", json.GetProperty("token_type").GetString());
        Assert.Equal(claims.GetProperty("jti").GetString(), json.GetProperty("jti").GetString());
        Assert.Equal(claims.GetProperty("sid").GetString(), json.GetProperty("sid").GetString());
        Assert.Equal(claims.GetProperty("iat").GetInt64(), json.GetProperty("iat").GetInt64());
        Assert.Equal(claims.GetProperty("exp").GetInt64(), json.GetProperty("exp").GetInt64());
        Assert.Equal(TestKeys.Thumbprint(dpopKey), json.GetProperty("cnf").GetProperty("jkt").GetString());
        WireAssert.NoEcho(response);
    }

    [Fact]
    public async Task Introspect_BearerToken_ReportsBearerWithoutCnf()
    {
        var token = WireAssert.TokenIssued(await Host.PostFormAsync(Host.TokenEndpoint, BrokerHost.ClientCredentials(Host.Assertion("nodpop-bot"))), "Bearer")
            .GetProperty("access_token").GetString()!;

        var json = (await Host.IntrospectAsync(token)).Json;

        Assert.True(json.GetProperty("active").GetBoolean());
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.False(json.TryGetProperty("cnf", out _));
    }

    [Fact]
    public async Task Introspect_AfterRevocationByTheAgent_ReturnsInactive()
    {
        var token = await Host.TokenAsync("bot");
        var sibling = await Host.TokenAsync("bot");

        var revoke = await Host.RevokeAsync(token, "bot");

        Assert.Equal(HttpStatusCode.OK, revoke.Status);
        Assert.Equal("no-store", revoke.Header("Cache-Control"));
        WireAssert.NoEcho(revoke);
        var response = await Host.IntrospectAsync(token);
        Assert.Equal(Inactive, response.Body);
        Assert.Equal("no-store", response.Header("Cache-Control"));
        Assert.True((await Host.IntrospectAsync(sibling)).Json.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Revoke_ByAdmin_RevokesAnyToken()
    {
        var token = await Host.TokenAsync("bot");

        Assert.Equal(HttpStatusCode.OK, (await Host.RevokeAsync(token, Scenario.AdminId)).Status);

        Assert.Equal(Inactive, (await Host.IntrospectAsync(token)).Body);
    }

    [Fact]
    public async Task Revoke_TwiceByTheAgent_IsOkBothTimes()
    {
        var token = await Host.TokenAsync("bot");

        Assert.Equal(HttpStatusCode.OK, (await Host.RevokeAsync(token, "bot")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Host.RevokeAsync(token, "bot")).Status);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("foreign-issuer")]
    [InlineData("tampered")]
    [InlineData("oversize")]
    public async Task Introspect_InvalidToken_ReturnsInactiveOnly(string kind)
    {
        var token = kind switch
        {
            "garbage" => "not-a-token-at-all",
            "a.b.c" => "a.b.c",
            "foreign-issuer" => ForeignToken(),
            "tampered" => Tamper(await Host.TokenAsync("bot")),
            "oversize" => new string('a', 9000),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var response = await Host.IntrospectAsync(token);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(Inactive, response.Body);
        WireAssert.NoEcho(response);
    }

    private string ForeignToken()
    {
        // Signed by a key Rein never published, with a kid Rein does not know.
        using var key = TestKeys.Fresh("foreign");
        var claims = Host.AssertionClaims("bot", Scenario.TicketsAudience);
        claims["iss"] = Host.Issuer;
        claims["client_id"] = "bot";
        return Jws.Sign(key, new System.Text.Json.Nodes.JsonObject { ["alg"] = "ES256", ["typ"] = "at+jwt", ["kid"] = key.KeyId }, claims);
    }

    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = Jws.Payload(token).GetRawText().Replace("tickets.read", "tickets.write", StringComparison.Ordinal);
        return parts[0] + "." + Jws.Encode(payload) + "." + parts[2];
    }

    [Fact]
    public async Task Introspect_AgentClient_Returns403UnauthorizedClient()
    {
        var token = await Host.TokenAsync("bot");

        var response = await Host.IntrospectAsync(token, asClient: "bot");

        WireAssert.OAuthError(response, HttpStatusCode.Forbidden, "unauthorized_client");
        Assert.DoesNotContain("\"active\"", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Introspect_Unauthenticated_Returns401InvalidClient()
    {
        var token = await Host.TokenAsync("bot");

        var response = await Host.PostFormAsync(Host.IntrospectionEndpoint, new Form { { "token", token } });

        WireAssert.OAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Introspect_BadAdminAssertion_Returns401InvalidClient()
    {
        var token = await Host.TokenAsync("bot");
        using var attacker = TestKeys.Fresh("attacker");

        var response = await Host.PostFormAsync(Host.IntrospectionEndpoint, new Form
        {
            { "token", token },
            { "client_assertion_type", BrokerHost.JwtBearer },
            { "client_assertion", Host.Assertion(Scenario.AdminId, attacker) },
        });

        WireAssert.OAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Introspect_AssertionAudiencedToTheIntrospectionEndpoint_IsAccepted()
    {
        var token = await Host.TokenAsync("bot");

        var response = await Host.PostFormAsync(Host.IntrospectionEndpoint, new Form
        {
            { "token", token },
            { "client_assertion_type", BrokerHost.JwtBearer },
            { "client_assertion", Host.Assertion(Scenario.AdminId, audience: Host.IntrospectionEndpoint.AbsoluteUri) },
        });

        Assert.True(response.Json.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Introspect_MissingToken_ReturnsInvalidRequest()
    {
        var response = await Host.PostFormAsync(Host.IntrospectionEndpoint, new Form
        {
            { "client_assertion_type", BrokerHost.JwtBearer }, { "client_assertion", Host.Assertion(Scenario.AdminId) },
        });

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Revoke_ByAnotherAgent_ReturnsUnauthorizedClientAndTokenStaysActive()
    {
        var token = await Host.TokenAsync("bot");

        var response = await Host.RevokeAsync(token, "other-bot");

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "unauthorized_client");
        Assert.True((await Host.IntrospectAsync(token)).Json.GetProperty("active").GetBoolean());
    }

    [Theory]
    [InlineData("garbage-token-value")]
    [InlineData("a.b.c")]
    public async Task Revoke_UnknownToken_Returns200(string token)
    {
        var response = await Host.RevokeAsync(token, "bot");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        WireAssert.NoEcho(response);
    }

    [Theory]
    [InlineData("access_token", HttpStatusCode.OK)]
    [InlineData("refresh_token", HttpStatusCode.OK)]
    public async Task Revoke_KnownHint_IsAccepted(string hint, HttpStatusCode expected)
    {
        var token = await Host.TokenAsync("bot");

        Assert.Equal(expected, (await Host.RevokeAsync(token, "bot", hint)).Status);
        Assert.Equal(Inactive, (await Host.IntrospectAsync(token)).Body);
    }

    [Fact]
    public async Task Revoke_UnknownTokenTypeHint_ReturnsUnsupportedTokenType()
    {
        var token = await Host.TokenAsync("bot");

        var response = await Host.RevokeAsync(token, "bot", hint: "foo");

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "unsupported_token_type");
        Assert.True((await Host.IntrospectAsync(token)).Json.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Revoke_MissingToken_ReturnsInvalidRequest()
    {
        var response = await Host.PostFormAsync(Host.RevocationEndpoint, new Form
        {
            { "client_assertion_type", BrokerHost.JwtBearer }, { "client_assertion", Host.Assertion("bot") },
        });

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Revoke_Unauthenticated_Returns401InvalidClient()
    {
        var token = await Host.TokenAsync("bot");

        var response = await Host.PostFormAsync(Host.RevocationEndpoint, new Form { { "token", token }, { "client_id", "bot" } });

        WireAssert.OAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.True((await Host.IntrospectAsync(token)).Json.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Introspect_NonFormBody_ReturnsInvalidRequest()
    {
        using var content = new StringContent("{\"token\":\"x\"}", System.Text.Encoding.UTF8, "application/json");
        using var http = await Host.Http.PostAsync(Host.IntrospectionEndpoint, content);

        WireAssert.OAuthError(await WireResponse.FromAsync(http, []), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Introspect_ResponseIsAJsonObject()
    {
        var response = await Host.IntrospectAsync("x.y.z");

        Assert.Equal(JsonValueKind.Object, response.Json.ValueKind);
    }
}
