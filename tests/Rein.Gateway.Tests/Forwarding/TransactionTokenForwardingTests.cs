using System.Net;
using Rein.Core.Transactions;
using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Forwarding;

/// <summary>
/// Every forwarded call carries one transaction token in <c>Txn-Token</c>, minted by the gateway: the upstream validates
/// it with Rein's validator against the transaction-token JWKS and finds the call's context in it. A caller can never
/// put its own there.
/// </summary>
public sealed class TransactionTokenForwardingTests : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly GatewayHost _host;
    private readonly RemoteJsonWebKeySet _keys;
    private readonly TransactionTokenValidator _validator;

    public TransactionTokenForwardingTests(GatewayFixture fixture)
    {
        _host = fixture.Host;
        _host.Upstream.Clear();
        // The upstream's side: Rein's public validator, keys fetched from the gateway in front of it.
        _keys = new RemoteJsonWebKeySet(_host.Http, new Uri(_host.Issuer + "/.well-known/txn-token-jwks.json"));
        _validator = new TransactionTokenValidator(new TransactionTokenValidatorOptions
        {
            TrustDomain = _host.Issuer,
            Issuer = _host.Issuer,
            Keys = _keys.Resolve,
            RefreshKeys = _keys.RefreshAsync,
        });
    }

    public void Dispose() => _keys.Dispose();

    private async Task<TransactionToken> UpstreamTransactionAsync(RecordedRequest seen)
    {
        var result = await _validator.ValidateAsync(Assert.Single(seen.Values("Txn-Token")), CancellationToken.None);
        Assert.True(result.IsValid, result.ErrorDescription);
        return result.Token!;
    }

    [Fact]
    public async Task Gateway_ForwardedCall_UpstreamValidatesOneTxnTokenWithTheCallsContext()
    {
        using var agent = await _host.AgentAsync("bot");
        var before = _host.Time.GetUtcNow().ToUnixTimeSeconds();

        var response = await agent.GetAsync("tickets", "/tickets/42");

        WireAssert.Forwarded(response, "/tickets/42");
        var seen = Assert.Single(_host.Upstream.Requests);
        Assert.False(seen.Has("Authorization"));
        var txn = await UpstreamTransactionAsync(seen);
        Assert.Equal("bot", txn.Subject);
        Assert.Equal("tickets.read", txn.Scope);
        Assert.Equal(_host.Issuer, txn.RequestingWorkload);
        Assert.Equal(_host.Issuer, txn.Audience);
        Assert.Equal("tickets", txn.Tool);
        Assert.Equal("tickets.read", txn.Action);
        Assert.Equal("bot", txn.Agent);
        Assert.Null(txn.UserSubject);
        Assert.Empty(txn.Actors);
        Assert.Null(txn.GrantId);
        Assert.Equal("127.0.0.1", txn.ClientAddress);
        Assert.Equal("dpop", txn.AuthenticationMethod);
        Assert.InRange(txn.IssuedAt.ToUnixTimeSeconds(), before - 1, _host.Time.GetUtcNow().ToUnixTimeSeconds() + 1);
        Assert.Equal(txn.IssuedAt.AddSeconds(60), txn.ExpiresAt);
    }

    [Fact]
    public async Task Gateway_TxnId_IsTheTraceIdAndSpanTheUpstreamSeesInTraceparent()
    {
        using var agent = await _host.AgentAsync("trace-bot");

        await agent.GetAsync("tickets", "/tickets/7");

        var seen = Assert.Single(_host.Upstream.Requests);
        var (trace, span) = WireAssert.TraceParent(Assert.Single(seen.Values("traceparent")));
        Assert.Equal(trace + "-" + span, (await UpstreamTransactionAsync(seen)).TransactionId);
    }

    [Fact]
    public async Task Gateway_CallerReusesItsTrace_EachCallIsItsOwnTransaction()
    {
        using var agent = await _host.AgentAsync("trace-bot");
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        void SameTrace(HttpRequestMessage r) => r.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");

        await agent.SendAsync(HttpMethod.Get, "tickets", "/tickets/1", SameTrace);
        await agent.SendAsync(HttpMethod.Get, "tickets", "/tickets/2", SameTrace);

        var transactions = new List<string>();
        foreach (var seen in _host.Upstream.Requests) transactions.Add((await UpstreamTransactionAsync(seen)).TransactionId);
        Assert.Equal(2, transactions.Distinct().Count());
        Assert.All(transactions, t => Assert.StartsWith(traceId + "-", t, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gateway_CallerSendsAValidTxnTokenOfAnEarlierCall_UpstreamGetsOnlyTheGatewaysNewOne()
    {
        using var agent = await _host.AgentAsync("bot", GatewayScenario.TicketsAudience, "tickets.read", "tickets.write");
        await agent.GetAsync("tickets", "/tickets/1");
        var earlier = Assert.Single(Assert.Single(_host.Upstream.Requests).Values("Txn-Token"));
        _host.Upstream.Clear();

        var response = await agent.SendAsync(HttpMethod.Post, "tickets", "/tickets", r =>
        {
            r.Headers.TryAddWithoutValidation("Txn-Token", earlier);
            r.Headers.TryAddWithoutValidation("txn-token", earlier);
        });

        WireAssert.Forwarded(response, "/tickets");
        var seen = Assert.Single(_host.Upstream.Requests);
        var forwarded = Assert.Single(seen.Values("Txn-Token"));
        Assert.NotEqual(earlier, forwarded);
        Assert.Equal("tickets.write", (await UpstreamTransactionAsync(seen)).Action);
    }

    [Fact]
    public async Task Gateway_BearerCall_RequestContextSaysBearer()
    {
        var token = await _host.BearerTokenAsync("bearer-bot", GatewayScenario.DocsAudience, "docs.read");

        var response = await _host.SendAsync(HttpMethod.Get, _host.ToolUrl("docs", "/docs/1"), "Bearer " + token);

        WireAssert.Forwarded(response, "/docs/1");
        var txn = await UpstreamTransactionAsync(Assert.Single(_host.Upstream.Requests));
        Assert.Equal("bearer", txn.AuthenticationMethod);
        Assert.Equal("docs", txn.Tool);
        Assert.Equal("docs.read", txn.Scope);
    }

    [Fact]
    public async Task Gateway_DelegatedToken_TransactionContextNamesUserAgentChainGrantAndApproval()
    {
        using var dpopKey = Rein.Jose.SigningKey.Generate("ES256", "dpop");
        var token = DelegatedTokens.Mint(_host, "agent-bot", dpopKey, "tickets.read", "bot", "other-bot");
        using var agent = new AgentCaller(_host, _host.Client("agent-bot", dpopKey), token);

        var response = await agent.GetAsync("tickets", "/tickets/9");

        WireAssert.Forwarded(response, "/tickets/9");
        var seen = Assert.Single(_host.Upstream.Requests);
        var txn = await UpstreamTransactionAsync(seen);
        Assert.Equal("alice", txn.Subject);
        Assert.Equal("alice", txn.UserSubject);
        Assert.Equal(DelegatedTokens.UserIssuer, txn.UserIssuer);
        Assert.Equal("agent-bot", txn.Agent);
        Assert.Equal(["agent-bot", "bot", "other-bot"], txn.Actors);
        Assert.Equal("""{"sub":"agent-bot","act":{"sub":"bot","act":{"sub":"other-bot"}}}""", txn.TransactionContext.GetProperty("act").GetRawText());
        Assert.Equal("grant-42", txn.GrantId);
        Assert.Equal("approval-7", txn.ApprovalId);
        Assert.Equal("tickets.read", txn.Action);
        Assert.DoesNotContain(token.Split('.')[2], seen.Values("Txn-Token")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_TxnTokenPresentedAsAnAccessToken_IsRefused()
    {
        using var agent = await _host.AgentAsync("bot");
        await agent.GetAsync("tickets", "/tickets/1");
        var txnToken = Assert.Single(Assert.Single(_host.Upstream.Requests).Values("Txn-Token"));
        _host.Upstream.Clear();

        var asDPoP = await _host.SendAsync(HttpMethod.Get, _host.ToolUrl("tickets", "/tickets/1"), "DPoP " + txnToken, agent.LastProof!);
        var asBearer = await _host.SendAsync(HttpMethod.Get, _host.ToolUrl("docs", "/docs/1"), "Bearer " + txnToken);

        WireAssert.Unauthorized(asDPoP, "invalid_token");
        Assert.Equal(HttpStatusCode.Unauthorized, asBearer.Status);
        Assert.Empty(_host.Upstream.Requests);
    }

    [Fact]
    public async Task Gateway_RefusedCall_MintsNothingAndReachesNoUpstream()
    {
        using var agent = await _host.AgentAsync("scope-bot");

        var response = await agent.SendAsync(HttpMethod.Post, "tickets", "/tickets");

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Empty(_host.Upstream.Requests);
        Assert.Null(response.Header("Txn-Token"));
    }
}
