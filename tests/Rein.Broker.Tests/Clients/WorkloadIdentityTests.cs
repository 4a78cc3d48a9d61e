using System.Net;
using System.Text.Json.Nodes;
using Rein.Broker.Tests.Infrastructure;
using Rein.Jose;

namespace Rein.Broker.Tests.Clients;

/// <summary>
/// Workload identity: a token from a trusted issuer (here a "Kubernetes" service-account token, and a SPIFFE
/// JWT-SVID) authenticates the agent registered for its subject, with no key or secret at the agent.
/// </summary>
public sealed class WorkloadIdentityTests(StandardBroker broker) : IClassFixture<StandardBroker>
{
    private BrokerHost Host => broker.Host;

    private JsonObject K8sClaims(Action<JsonObject>? change = null)
    {
        var now = Host.NowSeconds;
        var claims = new JsonObject
        {
            ["iss"] = Scenario.K8sIssuer,
            ["sub"] = Scenario.K8sSubject,
            ["aud"] = new JsonArray(Scenario.K8sAudience),
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 600,
            ["kubernetes.io"] = new JsonObject { ["namespace"] = "agents", ["serviceaccount"] = new JsonObject { ["name"] = "k8s-bot" } },
        };
        change?.Invoke(claims);
        return claims;
    }

    private static string K8sToken(JsonObject claims, SigningKey? key = null, string? typ = "JWT")
    {
        key ??= Scenario.K8sKey;
        return Jws.Sign(key, BrokerHost.AssertionHeader(key, typ), claims);
    }

    private async Task<WireResponse> SendAsync(string assertion, string? clientId = null, string assertionType = BrokerHost.JwtBearer)
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var nonce = await Host.NonceAsync();
        return await Host.PostFormAsync(Host.TokenEndpoint,
            BrokerHost.ClientCredentials(assertion, clientId: clientId, assertionType: assertionType), [Host.Proof(dpopKey, nonce)]);
    }

    [Fact]
    public async Task Token_KubernetesServiceAccountToken_IssuesTokenForTheRegisteredAgent()
    {
        var workloadToken = K8sToken(K8sClaims());
        using var client = Host.Client("k8s-bot", workloadToken: () => workloadToken);

        var token = await client.RequestTokenAsync(Scenario.TicketsAudience, ["tickets.read"]);

        Assert.Equal("DPoP", token.TokenType);
        var claims = Jws.Payload(token.AccessToken);
        Assert.Equal("k8s-bot", claims.GetProperty("sub").GetString());
        Assert.Equal("k8s-bot", claims.GetProperty("client_id").GetString());
        Assert.Equal(client.DPoPKey.PublicJwk.Thumbprint, claims.GetProperty("cnf").GetProperty("jkt").GetString());
    }

    [Fact]
    public async Task Token_WorkloadTokenReused_IsAcceptedAgain()
    {
        // Projected service-account tokens are reused by the platform for their whole life.
        var workloadToken = K8sToken(K8sClaims());

        WireAssert.TokenIssued(await SendAsync(workloadToken), "DPoP");
        WireAssert.TokenIssued(await SendAsync(workloadToken), "DPoP");
    }

    [Fact]
    public async Task Token_WorkloadTokenWithStringAudience_IsAccepted()
    {
        WireAssert.TokenIssued(await SendAsync(K8sToken(K8sClaims(c => c["aud"] = Scenario.K8sAudience))), "DPoP");
    }

    [Fact]
    public async Task Token_KubernetesTokenWithoutTyp_IsAccepted()
    {
        // A real projected service-account token's header is {"alg":"RS256","kid":"…"}: no typ.
        WireAssert.TokenIssued(await SendAsync(K8sToken(K8sClaims(), typ: null)), "DPoP");
    }

    [Theory]
    [InlineData("wrong-sub")]
    [InlineData("other-namespace-sub")]
    [InlineData("sub-missing")]
    [InlineData("wrong-aud")]
    [InlineData("aud-is-rein-issuer")]
    [InlineData("aud-missing")]
    [InlineData("expired")]
    [InlineData("no-exp")]
    [InlineData("not-yet-valid")]
    [InlineData("untrusted-key-same-kid")]
    [InlineData("untrusted-key-own-kid")]
    [InlineData("untrusted-issuer")]
    [InlineData("issuer-with-trailing-slash")]
    [InlineData("alg-none")]
    [InlineData("typ-at+jwt")]
    [InlineData("client-id-mismatch")]
    public async Task Token_BadWorkloadToken_ReturnsInvalidClient(string attack)
    {
        var now = Host.NowSeconds;
        using var untrusted = TestKeys.Fresh(Scenario.K8sKey.KeyId, JwsAlgorithms.ES256);
        using var attackerKey = TestKeys.Fresh("attacker");
        string? clientId = null;
        var token = attack switch
        {
            "wrong-sub" => K8sToken(K8sClaims(c => c["sub"] = "system:serviceaccount:agents:someone-else")),
            "other-namespace-sub" => K8sToken(K8sClaims(c => c["sub"] = "system:serviceaccount:evil:k8s-bot")),
            "sub-missing" => K8sToken(K8sClaims(c => c.Remove("sub"))),
            "wrong-aud" => K8sToken(K8sClaims(c => c["aud"] = new JsonArray("https://kubernetes.default.svc"))),
            "aud-is-rein-issuer" => K8sToken(K8sClaims(c => c["aud"] = Host.Issuer)),
            "aud-missing" => K8sToken(K8sClaims(c => c.Remove("aud"))),
            "expired" => K8sToken(K8sClaims(c => { c["iat"] = now - 7200; c["nbf"] = now - 7200; c["exp"] = now - 3600; })),
            "no-exp" => K8sToken(K8sClaims(c => c.Remove("exp"))),
            "not-yet-valid" => K8sToken(K8sClaims(c => c["nbf"] = now + 600)),
            "untrusted-key-same-kid" => K8sToken(K8sClaims(), untrusted),
            "untrusted-key-own-kid" => K8sToken(K8sClaims(), attackerKey),
            "untrusted-issuer" => K8sToken(K8sClaims(c => c["iss"] = "https://evil-cluster.example"), attackerKey),
            "issuer-with-trailing-slash" => K8sToken(K8sClaims(c => c["iss"] = Scenario.K8sIssuer + "/")),
            "alg-none" => Jws.Unsigned(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" }, K8sClaims()),
            "typ-at+jwt" => K8sToken(K8sClaims(), typ: "at+jwt"),
            "client-id-mismatch" => K8sToken(K8sClaims()),
            _ => throw new ArgumentOutOfRangeException(nameof(attack)),
        };
        if (attack == "client-id-mismatch") clientId = "bot";

        var response = await SendAsync(token, clientId);

        WireAssert.OAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    // ---- SPIFFE (draft-ietf-oauth-spiffe-client-auth) ----

    private JsonObject SvidClaims(Action<JsonObject>? change = null)
    {
        var now = Host.NowSeconds;
        var claims = new JsonObject
        {
            ["sub"] = Scenario.SpiffeId,
            ["aud"] = new JsonArray(Scenario.SpiffeAudience),
            ["iat"] = now,
            ["exp"] = now + 300,
        };
        change?.Invoke(claims);
        return claims;
    }

    private static string Svid(JsonObject claims, SigningKey? key = null, string? typ = "JWT")
    {
        key ??= Scenario.SpireKey;
        return Jws.Sign(key, BrokerHost.AssertionHeader(key, typ), claims);
    }

    [Fact]
    public async Task Token_SpiffeJwtSvidWithoutIss_IssuesTokenForTheRegisteredAgent()
    {
        var response = await SendAsync(Svid(SvidClaims()), assertionType: BrokerHost.JwtSpiffe);

        var claims = Jws.Payload(WireAssert.TokenIssued(response, "DPoP").GetProperty("access_token").GetString()!);
        Assert.Equal("spiffe-bot", claims.GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Token_SpiffeJwtSvidWithJoseTyp_IsAccepted()
    {
        WireAssert.TokenIssued(await SendAsync(Svid(SvidClaims(), typ: "JOSE"), assertionType: BrokerHost.JwtSpiffe), "DPoP");
    }

    [Fact]
    public async Task Token_SpiffeJwtSvidWithMatchingClientId_IsAccepted()
    {
        WireAssert.TokenIssued(await SendAsync(Svid(SvidClaims()), clientId: "spiffe-bot", assertionType: BrokerHost.JwtSpiffe), "DPoP");
    }

    [Theory]
    [InlineData("other-trust-domain")]
    [InlineData("other-trust-domain-signed-by-trusted-key")]
    [InlineData("lookalike-trust-domain")]
    [InlineData("trust-domain-only")]
    [InlineData("unregistered-spiffe-id")]
    [InlineData("not-a-spiffe-id")]
    [InlineData("untrusted-key")]
    [InlineData("expired")]
    [InlineData("no-exp")]
    [InlineData("wrong-aud")]
    [InlineData("client-id-mismatch")]
    [InlineData("sent-as-jwt-bearer")]
    [InlineData("k8s-token-as-spiffe")]
    public async Task Token_BadJwtSvid_ReturnsInvalidClient(string attack)
    {
        var now = Host.NowSeconds;
        using var evil = TestKeys.Fresh("evil-spire");
        string? clientId = null;
        var type = BrokerHost.JwtSpiffe;
        var svid = attack switch
        {
            "other-trust-domain" => Svid(SvidClaims(c => c["sub"] = "spiffe://evil.org/ns/agents/sa/bot"), evil),
            "other-trust-domain-signed-by-trusted-key" => Svid(SvidClaims(c => c["sub"] = "spiffe://evil.org/ns/agents/sa/bot")),
            "lookalike-trust-domain" => Svid(SvidClaims(c => c["sub"] = "spiffe://example.org.evil.com/ns/agents/sa/bot"), evil),
            "trust-domain-only" => Svid(SvidClaims(c => c["sub"] = Scenario.SpiffeTrustDomain)),
            "unregistered-spiffe-id" => Svid(SvidClaims(c => c["sub"] = "spiffe://example.org/ns/agents/sa/other")),
            "not-a-spiffe-id" => Svid(SvidClaims(c => c["sub"] = "bot")),
            "untrusted-key" => Svid(SvidClaims(), evil),
            "expired" => Svid(SvidClaims(c => { c["iat"] = now - 600; c["exp"] = now - 300; })),
            "no-exp" => Svid(SvidClaims(c => c.Remove("exp"))),
            "wrong-aud" => Svid(SvidClaims(c => c["aud"] = new JsonArray("someone-else"))),
            "client-id-mismatch" => Svid(SvidClaims()),
            "sent-as-jwt-bearer" => Svid(SvidClaims()),
            "k8s-token-as-spiffe" => K8sToken(K8sClaims()),
            _ => throw new ArgumentOutOfRangeException(nameof(attack)),
        };
        if (attack == "client-id-mismatch") clientId = "bot";
        if (attack == "sent-as-jwt-bearer") type = BrokerHost.JwtBearer;

        var response = await SendAsync(svid, clientId, type);

        WireAssert.OAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }
}
