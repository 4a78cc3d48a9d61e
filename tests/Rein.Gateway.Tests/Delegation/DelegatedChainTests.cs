using Rein.Client;
using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Delegation;

/// <summary>
/// Delegated tokens at the gateway: a chain user → A → B → C where every hop calls the tool with its own token and
/// proof; and lineage revocation — the person revoked mid-chain refuses every hop on its next request, at once,
/// while a request already in flight completes.
/// </summary>
public sealed class DelegatedChainTests : IClassFixture<DelegationGatewayFixture>
{
    private readonly DelegationGatewayFixture _fixture;
    private readonly GatewayHost _host;

    public DelegatedChainTests(DelegationGatewayFixture fixture)
    {
        _fixture = fixture;
        _host = fixture.Host;
        _host.Upstream.Clear();
    }

    /// <summary><paramref name="agentId"/> exchanges <paramref name="subjectToken"/> through the SDK and calls with the result.</summary>
    private async Task<AgentCaller> HopAsync(string agentId, string subjectToken, string subjectTokenType, params string[] scopes)
    {
        var client = _host.Client(agentId);
        try
        {
            var token = await client.ExchangeTokenAsync(new TokenExchangeRequest
            {
                SubjectToken = subjectToken,
                SubjectTokenType = subjectTokenType,
                Resource = GatewayScenario.TicketsAudience,
                Scopes = scopes.Length == 0 ? ["tickets.read"] : scopes,
            });
            Assert.Equal(TokenTypeIdentifiers.AccessToken, token.IssuedTokenType);
            Assert.Equal("DPoP", token.TokenType);
            return new AgentCaller(_host, client, token.AccessToken);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task<(AgentCaller A, AgentCaller B, AgentCaller C)> ChainAsync(string person, string a, string b, string c)
    {
        string[] scopes = ["tickets.read"];
        var first = await HopAsync(a, _fixture.UserToken(person), TokenTypeIdentifiers.Jwt, scopes);
        var second = await HopAsync(b, first.Token, TokenTypeIdentifiers.AccessToken, scopes);
        var third = await HopAsync(c, second.Token, TokenTypeIdentifiers.AccessToken, scopes);
        return (first, second, third);
    }

    [Fact]
    public async Task Gateway_ThreeHopChain_EveryHopCallsTheToolAsItself()
    {
        var (a, b, c) = await ChainAsync("alice", "deleg-a", "deleg-b", "deleg-c");
        using (a)
        using (b)
        using (c)
        {
            WireAssert.Forwarded(await a.GetAsync("tickets", "/tickets/1"), "/tickets/1");
            WireAssert.Forwarded(await b.GetAsync("tickets", "/tickets/2"), "/tickets/2");
            WireAssert.Forwarded(await c.GetAsync("tickets", "/tickets/3"), "/tickets/3");

            Assert.Equal("""{"sub":"deleg-c","act":{"sub":"deleg-b","act":{"sub":"deleg-a"}}}""", Jwt.Payload(c.Token).GetProperty("act").GetRawText());
            Assert.Equal(["deleg-a", "deleg-b", "deleg-c"], _host.Upstream.Requests.Select(r => r.Single("X-Rein-Agent")));
            Assert.All(_host.Upstream.Requests, r => Assert.False(r.Has("Authorization") || r.Has("DPoP")));
        }
    }

    [Fact]
    public async Task Gateway_PersonRevokedMidChain_EveryHopIsRefusedOthersUnaffected()
    {
        var (a, b, c) = await ChainAsync("carol", "deleg-a", "deleg-b", "deleg-c");
        using var bobs = await HopAsync("bystander-a", _fixture.UserToken("bob"), TokenTypeIdentifiers.Jwt);
        using var own = await _host.AgentAsync("deleg-a");
        using var admin = await _host.AdminAsync();
        using (a)
        using (b)
        using (c)
        {
            // Warm the validated-token cache for every hop: revocation must not hide behind it.
            WireAssert.Forwarded(await a.GetAsync("tickets", "/tickets/1"), "/tickets/1");
            WireAssert.Forwarded(await b.GetAsync("tickets", "/tickets/2"), "/tickets/2");
            WireAssert.Forwarded(await c.GetAsync("tickets", "/tickets/3"), "/tickets/3");

            await admin.RevokeAsync($"user:{DelegationGatewayFixture.IdpIssuer}|carol");
            var refusedA = await a.GetAsync("tickets", "/tickets/4");
            var refusedB = await b.GetAsync("tickets", "/tickets/5");
            var refusedC = await c.GetAsync("tickets", "/tickets/6");
            var bob = await bobs.GetAsync("tickets", "/tickets/7");
            var agentsOwn = await own.GetAsync("tickets", "/tickets/8");

            WireAssert.Unauthorized(refusedA, "invalid_token");
            WireAssert.Unauthorized(refusedB, "invalid_token");
            WireAssert.Unauthorized(refusedC, "invalid_token");
            WireAssert.Forwarded(bob, "/tickets/7");
            WireAssert.Forwarded(agentsOwn, "/tickets/8");
            Assert.Equal(["/tickets/1", "/tickets/2", "/tickets/3", "/tickets/7", "/tickets/8"], _host.Upstream.Requests.Select(r => r.Path));
            var extend = await Assert.ThrowsAsync<ReinClientException>(() => HopAsync("deleg-c", b.Token, TokenTypeIdentifiers.AccessToken));
            Assert.Equal("invalid_request", extend.Error);
        }
    }

    [Fact]
    public async Task Gateway_PersonRevoked_RequestInFlightCompletesNextIsRefused()
    {
        var first = await HopAsync("flight-a", _fixture.UserToken("dave"), TokenTypeIdentifiers.Jwt, "tickets.read", "tickets.slow");
        using var second = await HopAsync("flight-b", first.Token, TokenTypeIdentifiers.AccessToken, "tickets.read", "tickets.slow");
        first.Dispose();
        using var admin = await _host.AdminAsync();
        var gate = _host.Upstream.Block("/slow/1");
        var inFlight = second.GetAsync("tickets", "/slow/1");
        await gate.Arrived;

        await admin.RevokeAsync($"user:{DelegationGatewayFixture.IdpIssuer}|dave");
        var refused = await second.GetAsync("tickets", "/tickets/1");
        gate.Release();
        var completed = await inFlight;

        WireAssert.Unauthorized(refused, "invalid_token");
        WireAssert.Forwarded(completed, "/slow/1");
        Assert.Equal(["/slow/1"], _host.Upstream.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Gateway_RootSessionRevoked_TheWholeLineageIsRefused()
    {
        var (a, b, c) = await ChainAsync("erin", "deleg-a", "deleg-b", "deleg-c");
        using var admin = await _host.AdminAsync();
        using (a)
        using (b)
        using (c)
        {
            Assert.Equal(a.SessionId, c.SessionId);

            await admin.RevokeAsync("sid:" + a.SessionId);

            WireAssert.Unauthorized(await a.GetAsync("tickets", "/tickets/1"), "invalid_token");
            WireAssert.Unauthorized(await b.GetAsync("tickets", "/tickets/2"), "invalid_token");
            WireAssert.Unauthorized(await c.GetAsync("tickets", "/tickets/3"), "invalid_token");
            Assert.Empty(_host.Upstream.Requests);
        }
    }
}
