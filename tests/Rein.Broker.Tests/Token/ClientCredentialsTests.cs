using System.Net;
using System.Text.Json;
using Rein.Broker.Tests.Infrastructure;

namespace Rein.Broker.Tests.Token;

/// <summary>The happy path of client_credentials with private_key_jwt and DPoP, and the RFC 9068 shape of what it returns.</summary>
public sealed class ClientCredentialsTests(StandardBroker broker) : IClassFixture<StandardBroker>
{
    private BrokerHost Host => broker.Host;

    [Fact]
    public async Task Token_FirstProofWithoutNonce_ReturnsUseDPoPNonceWithNonceHeader()
    {
        using var dpopKey = TestKeys.Fresh("dpop");

        var response = await Host.PostFormAsync(Host.TokenEndpoint, BrokerHost.ClientCredentials(Host.Assertion("bot")), [Host.Proof(dpopKey, nonce: null)]);

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "use_dpop_nonce");
        Assert.Matches("^[A-Za-z0-9_-]{43}$", response.Header("DPoP-Nonce"));
    }

    [Fact]
    public async Task Token_RetryWithServerNonce_IssuesDPoPBoundAccessToken()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var first = await Host.PostFormAsync(Host.TokenEndpoint, BrokerHost.ClientCredentials(Host.Assertion("bot")), [Host.Proof(dpopKey, nonce: null)]);
        var nonce = first.Header("DPoP-Nonce")!;

        var response = await Host.PostFormAsync(Host.TokenEndpoint, BrokerHost.ClientCredentials(Host.Assertion("bot")), [Host.Proof(dpopKey, nonce)]);

        var json = WireAssert.TokenIssued(response, "DPoP");
        Assert.Equal(300, json.GetProperty("expires_in").GetInt32());
        Assert.Equal("tickets.read", json.GetProperty("scope").GetString());
        Assert.False(json.TryGetProperty("refresh_token", out _));
        Assert.NotNull(response.Header("DPoP-Nonce"));
    }

    [Fact]
    public async Task Token_Claims_FollowRfc9068AndBindTheDPoPKey()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var before = Host.NowSeconds;
        var response = await Host.RequestTokenAsync("bot", dpopKey, scope: "tickets.read tickets.write");
        var token = WireAssert.TokenIssued(response, "DPoP").GetProperty("access_token").GetString()!;

        var header = Jws.Header(token);
        Assert.Equal("at+jwt", header.GetProperty("typ").GetString());
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.False(string.IsNullOrEmpty(header.GetProperty("kid").GetString()));
        Assert.False(header.TryGetProperty("jwk", out _));

        var claims = Jws.Payload(token);
        Assert.Equal(Host.Issuer, claims.GetProperty("iss").GetString());
        Assert.Equal("bot", claims.GetProperty("sub").GetString());
        Assert.Equal(JsonValueKind.String, claims.GetProperty("aud").ValueKind);
        Assert.Equal(Scenario.TicketsAudience, claims.GetProperty("aud").GetString());
        Assert.Equal("bot", claims.GetProperty("client_id").GetString());
        Assert.Equal("tickets.read tickets.write", claims.GetProperty("scope").GetString());
        Assert.True(claims.GetProperty("jti").GetString()!.Length >= 16);
        var iat = claims.GetProperty("iat").GetInt64();
        Assert.InRange(iat, before - 1, Host.NowSeconds + 1);
        Assert.Equal(iat + 300, claims.GetProperty("exp").GetInt64());
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("sid").GetString()));
        Assert.Equal(TestKeys.Thumbprint(dpopKey), claims.GetProperty("cnf").GetProperty("jkt").GetString());
        Assert.Equal(dpopKey.PublicJwk.Thumbprint, claims.GetProperty("cnf").GetProperty("jkt").GetString());
    }

    [Fact]
    public async Task Token_TwoRequests_HaveDistinctJtiAndTheSameSessionForOneDPoPKey()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        using var otherKey = TestKeys.Fresh("dpop2");

        var a = Jws.Payload(WireAssert.TokenIssued(await Host.RequestTokenAsync("bot", dpopKey), "DPoP").GetProperty("access_token").GetString()!);
        var b = Jws.Payload(WireAssert.TokenIssued(await Host.RequestTokenAsync("bot", dpopKey), "DPoP").GetProperty("access_token").GetString()!);
        var c = Jws.Payload(WireAssert.TokenIssued(await Host.RequestTokenAsync("bot", otherKey), "DPoP").GetProperty("access_token").GetString()!);

        Assert.NotEqual(a.GetProperty("jti").GetString(), b.GetProperty("jti").GetString());
        Assert.Equal(a.GetProperty("sid").GetString(), b.GetProperty("sid").GetString());
        Assert.NotEqual(a.GetProperty("sid").GetString(), c.GetProperty("sid").GetString());
    }

    [Fact]
    public async Task Token_TwoAgentsWithOneDPoPKey_GetDistinctSessions()
    {
        // The broker remembers session ids per (agent, key): one key shared by two agents must still be two sessions,
        // so revoking one agent's session never reaches the other's tokens.
        using var dpopKey = TestKeys.Fresh("dpop");

        var bot = Jws.Payload(WireAssert.TokenIssued(await Host.RequestTokenAsync("bot", dpopKey), "DPoP").GetProperty("access_token").GetString()!);
        var other = Jws.Payload(WireAssert.TokenIssued(await Host.RequestTokenAsync("other-bot", dpopKey), "DPoP").GetProperty("access_token").GetString()!);
        var botAgain = Jws.Payload(WireAssert.TokenIssued(await Host.RequestTokenAsync("bot", dpopKey), "DPoP").GetProperty("access_token").GetString()!);

        Assert.NotEqual(bot.GetProperty("sid").GetString(), other.GetProperty("sid").GetString());
        Assert.Equal(bot.GetProperty("sid").GetString(), botAgain.GetProperty("sid").GetString());
    }

    [Fact]
    public async Task Token_ThroughTheSdk_IsDPoPBound()
    {
        using var client = Host.Client("bot");

        var token = await client.RequestTokenAsync(Scenario.TicketsAudience, ["tickets.read"]);

        Assert.Equal("DPoP", token.TokenType);
        Assert.Equal(300, token.ExpiresIn);
        Assert.Equal(client.DPoPKey.PublicJwk.Thumbprint, Jws.Payload(token.AccessToken).GetProperty("cnf").GetProperty("jkt").GetString());
    }

    [Theory]
    [InlineData(Scenario.TicketsAudience, "tickets.read", 300)]
    [InlineData(Scenario.VaultAudience, "vault.read", 120)]
    [InlineData(Scenario.TicketsAudience, "tickets.read tickets.write", 300)]
    public async Task Token_Lifetime_IsDefaultCappedByRisk(string resource, string scope, int expected)
    {
        using var dpopKey = TestKeys.Fresh("dpop");

        var json = WireAssert.TokenIssued(await Host.RequestTokenAsync("bot", dpopKey, resource, scope), "DPoP");

        Assert.Equal(expected, json.GetProperty("expires_in").GetInt32());
        var claims = Jws.Payload(json.GetProperty("access_token").GetString()!);
        Assert.Equal(expected, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task Token_PartialScope_GrantsOnlyTheAllowedSubset()
    {
        using var dpopKey = TestKeys.Fresh("dpop");

        var json = WireAssert.TokenIssued(await Host.RequestTokenAsync("bot", dpopKey, scope: "tickets.delete tickets.read vault.read tickets.read"), "DPoP");

        Assert.Equal("tickets.read", json.GetProperty("scope").GetString());
        Assert.Equal("tickets.read", Jws.Payload(json.GetProperty("access_token").GetString()!).GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Token_AgentWithoutRequireDpop_WithoutProof_GetsBearerTokenWithoutCnf()
    {
        var response = await Host.PostFormAsync(Host.TokenEndpoint, BrokerHost.ClientCredentials(Host.Assertion("nodpop-bot")));

        var json = WireAssert.TokenIssued(response, "Bearer");
        Assert.Null(response.Header("DPoP-Nonce"));
        var claims = Jws.Payload(json.GetProperty("access_token").GetString()!);
        Assert.False(claims.TryGetProperty("cnf", out _));
        Assert.Equal("nodpop-bot", claims.GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Token_AgentWithoutRequireDpop_WithProof_StillGetsBoundToken()
    {
        using var dpopKey = TestKeys.Fresh("dpop");

        var json = WireAssert.TokenIssued(await Host.RequestTokenAsync("nodpop-bot", dpopKey), "DPoP");

        Assert.Equal(dpopKey.PublicJwk.Thumbprint, Jws.Payload(json.GetProperty("access_token").GetString()!).GetProperty("cnf").GetProperty("jkt").GetString());
    }

    [Fact]
    public async Task Token_AssertionWithTokenEndpointAsAudience_IsAccepted()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var nonce = await Host.NonceAsync();

        var response = await Host.PostFormAsync(Host.TokenEndpoint,
            BrokerHost.ClientCredentials(Host.Assertion("bot", audience: Host.TokenEndpoint.AbsoluteUri)), [Host.Proof(dpopKey, nonce)]);

        WireAssert.TokenIssued(response, "DPoP");
    }

    [Fact]
    public async Task Token_AssertionWithClientAuthenticationTyp_IsAccepted()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var key = TestKeys.For("bot");
        var assertion = Jws.Sign(key, BrokerHost.AssertionHeader(key, "client-authentication+jwt"), Host.AssertionClaims("bot"));

        var response = await Host.PostFormAsync(Host.TokenEndpoint, BrokerHost.ClientCredentials(assertion), [Host.Proof(dpopKey, await Host.NonceAsync())]);

        WireAssert.TokenIssued(response, "DPoP");
    }

    [Fact]
    public async Task Token_AssertionWithoutTyp_IsAccepted()
    {
        // RFC 7523 §3 does not require typ, and most client libraries send none. A missing typ cannot make another
        // kind of token pass (those all carry their own explicit typ).
        using var dpopKey = TestKeys.Fresh("dpop");
        var key = TestKeys.For("bot");
        var assertion = Jws.Sign(key, BrokerHost.AssertionHeader(key, typ: null), Host.AssertionClaims("bot"));

        var response = await Host.PostFormAsync(Host.TokenEndpoint, BrokerHost.ClientCredentials(assertion), [Host.Proof(dpopKey, await Host.NonceAsync())]);

        WireAssert.TokenIssued(response, "DPoP");
    }
}
