using System.Net;
using Rein.Broker.Tests.Infrastructure;

namespace Rein.Broker.Tests.Delegation;

/// <summary>
/// Token exchange (RFC 8693) that succeeds: the token says who the person is (<c>sub</c>, RFC 9493 <c>sub_id</c>) and
/// who acts for them (<c>act</c>), carries the grant it was issued under, is bound to the agent's DPoP key, and gets
/// only what the grant, the agent's bindings and the subject token all allow, for no longer than they allow.
/// </summary>
public sealed class TokenExchangeTests(DelegationBroker broker) : IClassFixture<DelegationBroker>
{
    private BrokerHost Host => broker.Host;

    [Fact]
    public async Task Exchange_PersonsIdpToken_IssuesTokenActingForThemWithTheAgentInAct()
    {
        using var dpop = TestKeys.Fresh("assistant-dpop");
        var userToken = Exchange.UserToken(Host);

        var response = await Exchange.PostAsync(Host, Exchange.Form(Host, "assistant", userToken), dpop);

        var json = WireAssert.TokenIssued(response, "DPoP");
        Assert.Equal(Exchange.AccessTokenType, json.GetProperty("issued_token_type").GetString());
        Assert.Equal("tickets.read", json.GetProperty("scope").GetString());
        Assert.Equal(300, json.GetProperty("expires_in").GetInt32());
        Assert.False(json.TryGetProperty("refresh_token", out _));
        Assert.NotNull(response.Header("DPoP-Nonce"));
        var token = json.GetProperty("access_token").GetString()!;
        Assert.Equal("at+jwt", Jws.Header(token).GetProperty("typ").GetString());
        Assert.Equal(DelegationScenario.Alice, Exchange.Claim(token, "sub"));
        Assert.Equal("""{"format":"iss_sub","iss":"https://idp.example.com","sub":"alice"}""", Exchange.Raw(token, "sub_id"));
        Assert.Equal("""{"sub":"assistant"}""", Exchange.Raw(token, "act"));
        Assert.Equal("assistant", Exchange.Claim(token, "client_id"));
        Assert.Equal(Scenario.TicketsAudience, Exchange.Claim(token, "aud"));
        Assert.Equal(Host.Issuer, Exchange.Claim(token, "iss"));
        Assert.Equal("g-assistant", Exchange.Claim(token, "grant_id"));
        Assert.Equal(TestKeys.Thumbprint(dpop), Jws.Payload(token).GetProperty("cnf").GetProperty("jkt").GetString());
        Assert.False(Exchange.Has(token, "approval_id"));
        Assert.False(Exchange.Has(token, "authorization_details"));
    }

    [Fact]
    public async Task Exchange_FirstHop_SessionIsTheAgentInstancesSession()
    {
        using var dpop = TestKeys.Fresh("intro-dpop");
        var own = await Exchange.OwnTokenAsync(Host, "intro-bot", dpop);

        var delegated = await Exchange.TokenAsync(Host, "intro-bot", Exchange.UserToken(Host), dpop);

        Assert.Equal(Exchange.Claim(own, "sid"), Exchange.Claim(delegated, "sid"));
    }

    [Fact]
    public async Task Exchange_ThreeHops_ActNestsNewestOutermostAndSessionComesFromTheRoot()
    {
        using var keyA = TestKeys.Fresh("chain-a-dpop");
        using var keyB = TestKeys.Fresh("chain-b-dpop");
        using var keyC = TestKeys.Fresh("chain-c-dpop");
        var userToken = Exchange.UserToken(Host);

        var first = await Exchange.TokenAsync(Host, "chain-a", userToken, keyA);
        var second = await Exchange.TokenAsync(Host, "chain-b", first, keyB, Exchange.AccessTokenType);
        var third = await Exchange.TokenAsync(Host, "chain-c", second, keyC, Exchange.AccessTokenType);

        Assert.Equal("""{"sub":"chain-a"}""", Exchange.Raw(first, "act"));
        Assert.Equal("""{"sub":"chain-b","act":{"sub":"chain-a"}}""", Exchange.Raw(second, "act"));
        Assert.Equal("""{"sub":"chain-c","act":{"sub":"chain-b","act":{"sub":"chain-a"}}}""", Exchange.Raw(third, "act"));
        Assert.All(new[] { first, second, third }, t => Assert.Equal(DelegationScenario.Alice, Exchange.Claim(t, "sub")));
        Assert.All(new[] { first, second, third }, t => Assert.Equal(Exchange.Raw(first, "sub_id"), Exchange.Raw(t, "sub_id")));
        Assert.Equal(["chain-a", "chain-b", "chain-c"], new[] { first, second, third }.Select(t => Exchange.Claim(t, "client_id")));
        Assert.Equal(["g-chain-a", "g-chain-b", "g-chain-c"], new[] { first, second, third }.Select(t => Exchange.Claim(t, "grant_id")));
        Assert.Equal(Exchange.Claim(first, "sid"), Exchange.Claim(second, "sid"));
        Assert.Equal(Exchange.Claim(first, "sid"), Exchange.Claim(third, "sid"));
        Assert.Equal(TestKeys.Thumbprint(keyC), Jws.Payload(third).GetProperty("cnf").GetProperty("jkt").GetString());
        Assert.True(Exchange.Number(second, "exp") <= Exchange.Number(first, "exp"));
        Assert.True(Exchange.Number(third, "exp") <= Exchange.Number(second, "exp"));
    }

    [Fact]
    public async Task Introspection_DelegatedToken_ReturnsTheActChainPersonAndGrant()
    {
        using var keyA = TestKeys.Fresh("intro-a");
        using var keyB = TestKeys.Fresh("intro-b");
        var first = await Exchange.TokenAsync(Host, "fourth", Exchange.UserToken(Host), keyA);
        var second = await Exchange.TokenAsync(Host, "intro-bot", first, keyB, Exchange.AccessTokenType);

        var response = await Host.IntrospectAsync(second);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var json = response.Json;
        Assert.True(json.GetProperty("active").GetBoolean());
        Assert.Equal(DelegationScenario.Alice, json.GetProperty("sub").GetString());
        Assert.Equal("""{"sub":"intro-bot","act":{"sub":"fourth"}}""", json.GetProperty("act").GetRawText());
        Assert.Equal("""{"format":"iss_sub","iss":"https://idp.example.com","sub":"alice"}""", json.GetProperty("sub_id").GetRawText());
        Assert.Equal("g-intro-bot", json.GetProperty("grant_id").GetString());
        Assert.Equal("intro-bot", json.GetProperty("client_id").GetString());
        WireAssert.NoEcho(response);
    }

    [Fact]
    public async Task Exchange_AgentReExchangesItsOwnDelegatedToken_IsNotAddedTwice()
    {
        using var dpop = TestKeys.Fresh("third-dpop");
        var first = await Exchange.TokenAsync(Host, "third", Exchange.UserToken(Host), dpop, scope: "tickets.read tickets.write");

        var narrowed = await Exchange.TokenAsync(Host, "third", first, dpop, Exchange.AccessTokenType, scope: "tickets.read");

        Assert.Equal("""{"sub":"third"}""", Exchange.Raw(narrowed, "act"));
        Assert.Equal("tickets.read", Exchange.Claim(narrowed, "scope"));
    }

    [Fact]
    public async Task Exchange_SomeActionsNotDelegated_AreLeftOutAndScopeSaysSo()
    {
        using var dpop = TestKeys.Fresh();
        var form = Exchange.Form(Host, "narrow-bot", Exchange.UserToken(Host), scope: "tickets.read tickets.write");

        var json = WireAssert.TokenIssued(await Exchange.PostAsync(Host, form, dpop), "DPoP");

        Assert.Equal("tickets.read", json.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Exchange_IdpScopeNamingReinActions_LimitsTheToken()
    {
        using var dpop = TestKeys.Fresh();
        var limited = Exchange.UserToken(Host, edit: c => c["scope"] = "openid profile tickets.read");
        var unlimited = Exchange.UserToken(Host, edit: c => c["scp"] = new System.Text.Json.Nodes.JsonArray("openid", "email"));

        var refused = await Exchange.PostAsync(Host, Exchange.Form(Host, "limit-bot", limited, scope: "tickets.write"), dpop);
        var narrowed = await Exchange.PostAsync(Host, Exchange.Form(Host, "limit-bot", limited, scope: "tickets.read tickets.write"), dpop);
        var full = await Exchange.PostAsync(Host, Exchange.Form(Host, "limit-bot", unlimited, scope: "tickets.read tickets.write"), dpop);

        WireAssert.OAuthError(refused, HttpStatusCode.BadRequest, "invalid_scope");
        Assert.Equal("tickets.read", WireAssert.TokenIssued(narrowed, "DPoP").GetProperty("scope").GetString());
        Assert.Equal("tickets.read tickets.write", WireAssert.TokenIssued(full, "DPoP").GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Exchange_SubjectTokenExpiresSoon_TokenExpiresWithIt()
    {
        using var dpop = TestKeys.Fresh();
        var expires = Host.NowSeconds + 45;
        var userToken = Exchange.UserToken(Host, edit: c => c["exp"] = expires);

        var token = await Exchange.TokenAsync(Host, "fourth", userToken, dpop);

        Assert.Equal(expires, Exchange.Number(token, "exp"));
    }

    [Fact]
    public async Task Exchange_GrantEndsSoon_TokenEndsWithIt()
    {
        using var dpop = TestKeys.Fresh();

        var json = WireAssert.TokenIssued(await Exchange.PostAsync(Host, Exchange.Form(Host, "short-bot", Exchange.UserToken(Host)), dpop), "DPoP");

        Assert.InRange(json.GetProperty("expires_in").GetInt32(), 1, 90);
    }

    [Theory]
    [InlineData("tickets")]
    [InlineData(Scenario.TicketsAudience)]
    public async Task Exchange_AudienceParameter_NamesTheToolByIdOrAudience(string audience)
    {
        using var dpop = TestKeys.Fresh();
        var form = Exchange.Form(Host, "fourth", Exchange.UserToken(Host), resource: null);
        form.Add("audience", audience);

        var json = WireAssert.TokenIssued(await Exchange.PostAsync(Host, form, dpop), "DPoP");

        Assert.Equal(Scenario.TicketsAudience, Exchange.Claim(json.GetProperty("access_token").GetString()!, "aud"));
    }

    [Theory]
    [InlineData(Exchange.JwtType)]
    [InlineData(Exchange.IdTokenType)]
    [InlineData(Exchange.AccessTokenType)]
    public async Task Exchange_IdpTokenOfAnyJwtType_IsAccepted(string subjectTokenType)
    {
        using var dpop = TestKeys.Fresh();

        var token = await Exchange.TokenAsync(Host, "fourth", Exchange.UserToken(Host, typ: null), dpop, subjectTokenType);

        Assert.Equal(DelegationScenario.Alice, Exchange.Claim(token, "sub"));
    }

    [Fact]
    public async Task Exchange_ImpersonationAllowedForTheTool_WithoutActorToken_HasNoAct()
    {
        using var dpop = TestKeys.Fresh();

        var token = await Exchange.TokenAsync(Host, "imp-bot", Exchange.UserToken(Host), dpop);

        Assert.False(Exchange.Has(token, "act"));
        Assert.Equal(DelegationScenario.Alice, Exchange.Claim(token, "sub"));
        Assert.Equal("imp-bot", Exchange.Claim(token, "client_id"));
        Assert.Equal("""{"format":"iss_sub","iss":"https://idp.example.com","sub":"alice"}""", Exchange.Raw(token, "sub_id"));
        Assert.Equal("g-imp-bot", Exchange.Claim(token, "grant_id"));
        var introspection = (await Host.IntrospectAsync(token)).Json;
        Assert.True(introspection.GetProperty("active").GetBoolean());
        Assert.False(introspection.TryGetProperty("act", out _));
    }

    [Fact]
    public async Task Exchange_ImpersonatingAgentNamesItselfAsActor_GetsDelegation()
    {
        using var dpop = TestKeys.Fresh();
        var own = await Exchange.OwnTokenAsync(Host, "imp-bot", dpop);
        var form = Exchange.Form(Host, "imp-bot", Exchange.UserToken(Host), actorToken: own, actorTokenType: Exchange.AccessTokenType);

        var token = WireAssert.TokenIssued(await Exchange.PostAsync(Host, form, dpop), "DPoP").GetProperty("access_token").GetString()!;

        Assert.Equal("""{"sub":"imp-bot"}""", Exchange.Raw(token, "act"));
    }

    [Fact]
    public async Task Exchange_ActorTokenIsTheAgentsOwnReinToken_IsAccepted()
    {
        using var dpop = TestKeys.Fresh();
        var own = await Exchange.OwnTokenAsync(Host, "actor-bot", dpop);
        var form = Exchange.Form(Host, "actor-bot", Exchange.UserToken(Host), actorToken: own, actorTokenType: Exchange.JwtType);

        var token = WireAssert.TokenIssued(await Exchange.PostAsync(Host, form, dpop), "DPoP").GetProperty("access_token").GetString()!;

        Assert.Equal("""{"sub":"actor-bot"}""", Exchange.Raw(token, "act"));
    }

    [Fact]
    public async Task Exchange_ActorTokenIsTheAgentsWorkloadToken_IsAccepted()
    {
        using var dpop = TestKeys.Fresh();
        var workload = WorkloadToken(DelegationScenario.AssistantWorkload);
        var form = Exchange.Form(Host, "assistant", Exchange.UserToken(Host), actorToken: workload, actorTokenType: Exchange.JwtType);

        var token = WireAssert.TokenIssued(await Exchange.PostAsync(Host, form, dpop), "DPoP").GetProperty("access_token").GetString()!;

        Assert.Equal("""{"sub":"assistant"}""", Exchange.Raw(token, "act"));
    }

    [Fact]
    public async Task Exchange_MayActNamesThisAgent_ByClientIdOrWorkloadIdentity_IsAccepted()
    {
        using var dpop = TestKeys.Fresh();
        var byClientId = Exchange.UserToken(Host, edit: c => c["may_act"] = new System.Text.Json.Nodes.JsonObject { ["sub"] = "mayact-bot" });
        var byWorkload = Exchange.UserToken(Host, edit: c => c["may_act"] = new System.Text.Json.Nodes.JsonObject
        {
            ["iss"] = DelegationScenario.K8sIssuer,
            ["sub"] = DelegationScenario.AssistantWorkload,
        });

        var first = await Exchange.TokenAsync(Host, "mayact-bot", byClientId, dpop);
        var second = await Exchange.TokenAsync(Host, "assistant", byWorkload, dpop);

        Assert.Equal("""{"sub":"mayact-bot"}""", Exchange.Raw(first, "act"));
        Assert.Equal("""{"sub":"assistant"}""", Exchange.Raw(second, "act"));
    }

    [Fact]
    public async Task Discovery_AdvertisesTokenExchange()
    {
        using var response = await Host.Http.GetAsync(new Uri(Host.Issuer + "/.well-known/oauth-authorization-server"));
        var json = Exchange.Json(await response.Content.ReadAsStringAsync());

        Assert.Contains(Exchange.GrantType, json.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()));
    }

    internal string WorkloadToken(string subject) => Jws.Sign(Scenario.K8sKey, BrokerHost.AssertionHeader(Scenario.K8sKey), new System.Text.Json.Nodes.JsonObject
    {
        ["iss"] = Scenario.K8sIssuer,
        ["sub"] = subject,
        ["aud"] = Scenario.K8sAudience,
        ["iat"] = Host.NowSeconds,
        ["exp"] = Host.NowSeconds + 600,
    });
}
