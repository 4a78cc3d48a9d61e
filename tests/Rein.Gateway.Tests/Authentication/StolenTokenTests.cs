using System.Net;
using Rein.Gateway.Tests.Infrastructure;
using Rein.Jose.DPoP;

namespace Rein.Gateway.Tests.Authentication;

/// <summary>
/// A token copied out of a log, a proof replayed or retargeted, a token for another tool: every one is refused with
/// the exact RFC 6750 / RFC 9449 challenge, never reaches the upstream, and is never echoed back.
/// </summary>
public sealed class StolenTokenTests : IClassFixture<GatewayFixture>
{
    private const string Path = "/tickets/42";
    private readonly GatewayHost _host;

    public StolenTokenTests(GatewayFixture fixture)
    {
        _host = fixture.Host;
        _host.Upstream.Clear();
    }

    private Uri Url => _host.ToolUrl("tickets", Path);

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    public static TheoryData<string, string, bool> Attacks
    {
        get
        {
            var data = new TheoryData<string, string, bool>();
            foreach (var warm in new[] { false, true })
            {
                foreach (var (attack, error) in AttackTable) data.Add(attack, error, warm);
            }
            return data;
        }
    }

    private static readonly (string Attack, string Error)[] AttackTable =
    [
        ("token as Bearer, no proof", "invalid_token"),
        ("token as Bearer, with a valid proof", "invalid_token"),
        ("proof signed by another key", "invalid_dpop_proof"),
        ("no proof", "invalid_dpop_proof"),
        ("proof for another URL", "invalid_dpop_proof"),
        ("proof for another tool's URL", "invalid_dpop_proof"),
        ("proof for another method", "invalid_dpop_proof"),
        ("proof without ath", "invalid_dpop_proof"),
        ("proof bound to another token", "invalid_dpop_proof"),
        ("proof five minutes old", "invalid_dpop_proof"),
        ("proof from the future", "invalid_dpop_proof"),
        ("proof that is not a JWS", "invalid_dpop_proof"),
        ("two proofs", "invalid_dpop_proof"),
        ("garbage token", "invalid_token"),
        ("token with a forged signature", "invalid_token"),
        ("token for another tool's audience", "invalid_token"),
        ("admin token", "invalid_token"),
        ("token too large", "invalid_token"),
    ];

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Gateway_StolenOrMisusedCredential_Returns401WithExactErrorAndNeverReachesUpstream(string attack, string error, bool tokenAlreadyValidated)
    {
        using var victim = await _host.AgentAsync("victim-bot");
        using var attacker = TestKeys.Fresh();
        var token = victim.Token;
        if (tokenAlreadyValidated)
        {
            // The victim's own call puts the token in the validated-token cache: the cache must not relax any check.
            WireAssert.Forwarded(await victim.GetAsync("tickets", Path), Path);
            _host.Upstream.Clear();
        }

        var response = attack switch
        {
            "token as Bearer, no proof" => await _host.SendAsync(HttpMethod.Get, Url, "Bearer " + token),
            "token as Bearer, with a valid proof" => await _host.SendAsync(HttpMethod.Get, Url, "Bearer " + token, victim.Client.CreateProof("GET", Url, token)),
            "proof signed by another key" => await _host.SendAsync(HttpMethod.Get, Url, "DPoP " + token, DPoPProofWriter.Create(attacker, "GET", Url, token, null, Now)),
            "no proof" => await _host.SendAsync(HttpMethod.Get, Url, "DPoP " + token),
            "proof for another URL" => await _host.SendAsync(HttpMethod.Get, Url, "DPoP " + token, victim.Client.CreateProof("GET", _host.ToolUrl("tickets", "/tickets/43"), token)),
            "proof for another tool's URL" => await _host.SendAsync(HttpMethod.Get, Url, "DPoP " + token, victim.Client.CreateProof("GET", _host.ToolUrl("docs", Path), token)),
            "proof for another method" => await _host.SendAsync(HttpMethod.Get, Url, "DPoP " + token, victim.Client.CreateProof("POST", Url, token)),
            "proof without ath" => await _host.SendAsync(HttpMethod.Get, Url, "DPoP " + token, victim.Client.CreateProof("GET", Url, accessToken: null)),
            "proof bound to another token" => await _host.SendAsync(HttpMethod.Get, Url, "DPoP " + token, victim.Client.CreateProof("GET", Url, await OtherTokenAsync(victim))),
            "proof five minutes old" => await _host.SendAsync(HttpMethod.Get, Url, "DPoP " + token, DPoPProofWriter.Create(victim.Client.DPoPKey, "GET", Url, token, null, Now.AddMinutes(-5).AddSeconds(-1))),
            "proof from the future" => await _host.SendAsync(HttpMethod.Get, Url, "DPoP " + token, DPoPProofWriter.Create(victim.Client.DPoPKey, "GET", Url, token, null, Now.AddMinutes(1))),
            "proof that is not a JWS" => await _host.SendAsync(HttpMethod.Get, Url, "DPoP " + token, "not-a-proof"),
            "two proofs" => await RawAsync(("Authorization", "DPoP " + token), ("DPoP", victim.Client.CreateProof("GET", Url, token)), ("DPoP", victim.Client.CreateProof("GET", Url, token))),
            "garbage token" => await _host.SendAsync(HttpMethod.Get, Url, "DPoP garbage.token.value", victim.Client.CreateProof("GET", Url, "garbage.token.value")),
            "token with a forged signature" => await WithProofAsync(victim, Forge(token)),
            "token for another tool's audience" => await WithProofAsync(victim, await OtherTokenAsync(victim, GatewayScenario.DocsAudience, "docs.read")),
            "admin token" => await AdminTokenAsync(),
            "token too large" => await WithProofAsync(victim, new string('a', 9000)),
            _ => throw new ArgumentOutOfRangeException(nameof(attack)),
        };

        WireAssert.Unauthorized(response, error);
        Assert.DoesNotContain(token, response.Header("WWW-Authenticate"), StringComparison.Ordinal);
        WireAssert.NoEcho(new WireResponse(response.Status, response.Headers, response.Body, [.. response.Submitted, token]));
        Assert.Empty(_host.Upstream.Requests);
    }

    [Fact]
    public async Task Gateway_TokenAlreadyValidatedAtOneTool_Returns401InvalidTokenAtAnother()
    {
        using var agent = await _host.AgentAsync("victim-bot", GatewayScenario.DocsAudience, "docs.read");
        WireAssert.Forwarded(await agent.GetAsync("docs", "/docs/1"), "/docs/1");
        _host.Upstream.Clear();

        var response = await agent.GetAsync("tickets", Path);

        WireAssert.Unauthorized(response, "invalid_token");
        Assert.Empty(_host.Upstream.Requests);
    }

    [Fact]
    public async Task Gateway_SameProofSentConcurrently_IsForwardedAtMostOnce()
    {
        using var agent = await _host.AgentAsync("victim-bot");
        var proof = agent.Client.CreateProof("GET", Url, agent.Token);

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => _host.SendAsync(HttpMethod.Get, Url, "DPoP " + agent.Token, proof)));

        Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
        foreach (var refused in responses.Where(r => r.Status != HttpStatusCode.OK)) WireAssert.Unauthorized(refused, "invalid_dpop_proof");
        Assert.Single(_host.Upstream.Requests);
    }

    public static TheoryData<string?> NoCredentials => new() { null, "Basic dXNlcjpwYXNz", "DPoP", "DPoP ", "Bearer", "Negotiate abc" };

    [Theory]
    [MemberData(nameof(NoCredentials))]
    public async Task Gateway_NoUsableAuthorization_Returns401ChallengeWithoutError(string? authorization)
    {
        var response = await _host.SendAsync(HttpMethod.Get, Url, authorization);

        // RFC 6750 §3.1: a request without authentication information gets a bare challenge, no error code.
        WireAssert.Unauthorized(response, error: null);
        Assert.Equal("DPoP algs=\"ES256 ES384 ES512 RS256 PS256\"", response.Header("WWW-Authenticate"));
        Assert.Empty(_host.Upstream.Requests);
    }

    [Fact]
    public async Task Gateway_ReplayedProof_SecondUseReturns401InvalidDPoPProof()
    {
        using var agent = await _host.AgentAsync("victim-bot");
        var first = await agent.GetAsync("tickets", Path);
        WireAssert.Forwarded(first, Path);
        var proof = agent.LastProof!;

        var replay = await _host.SendAsync(HttpMethod.Get, Url, "DPoP " + agent.Token, proof);

        WireAssert.Unauthorized(replay, "invalid_dpop_proof");
        Assert.Equal("DPoP proof has been used before", WireAssert.Param(replay.Header("WWW-Authenticate")!, "error_description"));
        Assert.Single(_host.Upstream.Requests);
    }

    [Fact]
    public async Task Gateway_SchemeNameInAnyCase_IsAccepted()
    {
        using var agent = await _host.AgentAsync("victim-bot");

        // RFC 9110 §11.1: the auth-scheme is case-insensitive.
        var response = await _host.SendAsync(HttpMethod.Get, Url, "dpop " + agent.Token, agent.Client.CreateProof("GET", Url, agent.Token));

        WireAssert.Forwarded(response, Path);
    }

    [Fact]
    public async Task Gateway_TwoAuthorizationHeaders_Returns400InvalidRequest()
    {
        using var agent = await _host.AgentAsync("victim-bot");

        var response = await RawAsync(("Authorization", "DPoP " + agent.Token), ("Authorization", "DPoP " + agent.Token), ("DPoP", agent.Client.CreateProof("GET", Url, agent.Token)));

        WireAssert.GatewayProblem(response, HttpStatusCode.BadRequest, "Bad request");
        Assert.Equal("invalid_request", WireAssert.Param(response.Header("WWW-Authenticate")!, "error"));
        WireAssert.NoEcho(new WireResponse(response.Status, response.Headers, response.Body, [agent.Token]));
        Assert.Empty(_host.Upstream.Requests);
    }

    private Task<WireResponse> WithProofAsync(AgentCaller agent, string token) =>
        _host.SendAsync(HttpMethod.Get, Url, "DPoP " + token, agent.Client.CreateProof("GET", Url, token));

    private async Task<string> OtherTokenAsync(AgentCaller agent, string audience = GatewayScenario.TicketsAudience, string scope = "tickets.read") =>
        (await agent.Client.RequestTokenAsync(audience, [scope])).AccessToken;

    private async Task<WireResponse> AdminTokenAsync()
    {
        using var admin = _host.Client(GatewayScenario.AdminId);
        var token = (await admin.RequestTokenAsync(resource: null, ["rein:admin"])).AccessToken;
        return await _host.SendAsync(HttpMethod.Get, Url, "DPoP " + token, admin.CreateProof("GET", Url, token));
    }

    private Task<WireResponse> RawAsync(params (string Name, string Value)[] headers) =>
        RawHttp.SendAsync(_host.Issuer, "GET", new Uri(Url.PathAndQuery, UriKind.Relative).OriginalString, headers,
            [.. headers.Select(h => h.Value[(h.Value.IndexOf(' ', StringComparison.Ordinal) + 1)..])]);

    /// <summary>The same header and claims with the signature of another token: a valid-looking forgery.</summary>
    private static string Forge(string token)
    {
        var parts = token.Split('.');
        var last = parts[2];
        var flipped = (last[0] == 'A' ? 'B' : 'A') + last[1..];
        return $"{parts[0]}.{parts[1]}.{flipped}";
    }
}
