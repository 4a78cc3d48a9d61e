using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Rein.Broker.Tests.Infrastructure;
using Rein.Jose;

namespace Rein.Broker.Tests.Token;

/// <summary>DPoP proofs at the token endpoint (RFC 9449 §4.3, §8): every defect is refused before a token is minted.</summary>
public sealed class DPoPAttackTests(StandardBroker broker) : IClassFixture<StandardBroker>
{
    private BrokerHost Host => broker.Host;

    private async Task<WireResponse> SendAsync(IEnumerable<string> proofs, string clientId = "bot") =>
        await Host.PostFormAsync(Host.TokenEndpoint, BrokerHost.ClientCredentials(Host.Assertion(clientId)), proofs);

    private string Build(string attack, SigningKey key, string nonce)
    {
        var now = Host.NowSeconds;
        JsonObject Claims(Action<JsonObject>? change = null)
        {
            var claims = Host.ProofClaims(nonce);
            change?.Invoke(claims);
            return claims;
        }
        JsonObject Header(Action<JsonObject>? change = null)
        {
            var header = BrokerHost.ProofHeader(key);
            change?.Invoke(header);
            return header;
        }
        using var other = TestKeys.Fresh("other");
        var authority = Host.TokenEndpoint.Authority;
        return attack switch
        {
            "private-key-in-jwk" => Jws.Sign(key, Header(h => h["jwk"] = TestKeys.PrivateJwk(key)), Claims()),
            "symmetric-jwk" => Jws.Hmac(new byte[32], new JsonObject
            {
                ["alg"] = "HS256", ["typ"] = "dpop+jwt", ["jwk"] = new JsonObject { ["kty"] = "oct", ["k"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
            }, Claims()),
            "hs256-with-public-jwk" => Jws.Hmac(Encoding.UTF8.GetBytes(TestKeys.PublicJwk(key).ToJsonString()), Header(h => h["alg"] = "HS256"), Claims()),
            "alg-none" => Jws.Unsigned(Header(h => h["alg"] = "none"), Claims()),
            "alg-mismatching-jwk" => Jws.Sign(key, Header(h => h["alg"] = "RS256"), Claims()),
            "typ-jwt" => Jws.Sign(key, Header(h => h["typ"] = "JWT"), Claims()),
            "typ-at+jwt" => Jws.Sign(key, Header(h => h["typ"] = "at+jwt"), Claims()),
            "typ-missing" => Jws.Sign(key, Header(h => h.Remove("typ")), Claims()),
            "jwk-missing" => Jws.Sign(key, Header(h => { h.Remove("jwk"); h["kid"] = key.KeyId; }), Claims()),
            "jwk-of-another-key" => Jws.Sign(key, Header(h => h["jwk"] = TestKeys.PublicJwk(other)), Claims()),
            "jku-instead-of-jwk" => Jws.Sign(key, Header(h => { h.Remove("jwk"); h["jku"] = "http://127.0.0.1:9/jwks"; }), Claims()),
            "signature-stripped" => Jws.Sign(key, Header(), Claims()).Split('.') is var p ? p[0] + "." + p[1] + "." : "",
            "htm-get" => Jws.Sign(key, Header(), Claims(c => c["htm"] = "GET")),
            "htm-lowercase" => Jws.Sign(key, Header(), Claims(c => c["htm"] = "post")),
            "htm-missing" => Jws.Sign(key, Header(), Claims(c => c.Remove("htm"))),
            "htu-other-path" => Jws.Sign(key, Header(), Claims(c => c["htu"] = Host.IntrospectionEndpoint.AbsoluteUri)),
            "htu-other-host" => Jws.Sign(key, Header(), Claims(c => c["htu"] = "http://rein.attacker.example/oauth/token")),
            "htu-other-port" => Jws.Sign(key, Header(), Claims(c => c["htu"] = $"http://127.0.0.1:{Host.TokenEndpoint.Port + 1}/oauth/token")),
            "htu-other-scheme" => Jws.Sign(key, Header(), Claims(c => c["htu"] = $"https://{authority}/oauth/token")),
            "htu-with-userinfo" => Jws.Sign(key, Header(), Claims(c => c["htu"] = $"http://user@{authority}/oauth/token")),
            "htu-relative" => Jws.Sign(key, Header(), Claims(c => c["htu"] = "/oauth/token")),
            "htu-missing" => Jws.Sign(key, Header(), Claims(c => c.Remove("htu"))),
            "iat-stale" => Jws.Sign(key, Header(), Claims(c => c["iat"] = now - 360)),
            "iat-future" => Jws.Sign(key, Header(), Claims(c => c["iat"] = now + 60)),
            "iat-missing" => Jws.Sign(key, Header(), Claims(c => c.Remove("iat"))),
            "iat-string" => Jws.Sign(key, Header(), Claims(c => c["iat"] = now.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            "jti-missing" => Jws.Sign(key, Header(), Claims(c => c.Remove("jti"))),
            "jti-too-long" => Jws.Sign(key, Header(), Claims(c => c["jti"] = new string('j', 300))),
            "signed-by-another-key" => Jws.Sign(other, Header(), Claims()),
            "oversize" => Jws.Sign(key, Header(), Claims(c => c["pad"] = new string('a', 5000))),
            "garbage" => "not-a-dpop-proof",
            "jwe-shaped" => "eyJhbGciOiJSU0EtT0FFUCJ9.AAAA.AAAA.AAAA.AAAA",
            "crit-header" => Jws.Sign(key, Header(h => h["crit"] = new JsonArray("htu")), Claims()),
            _ => throw new ArgumentOutOfRangeException(nameof(attack)),
        };
    }

    [Theory]
    [InlineData("private-key-in-jwk")]
    [InlineData("symmetric-jwk")]
    [InlineData("hs256-with-public-jwk")]
    [InlineData("alg-none")]
    [InlineData("alg-mismatching-jwk")]
    [InlineData("typ-jwt")]
    [InlineData("typ-at+jwt")]
    [InlineData("typ-missing")]
    [InlineData("jwk-missing")]
    [InlineData("jwk-of-another-key")]
    [InlineData("jku-instead-of-jwk")]
    [InlineData("signature-stripped")]
    [InlineData("htm-get")]
    [InlineData("htm-lowercase")]
    [InlineData("htm-missing")]
    [InlineData("htu-other-path")]
    [InlineData("htu-other-host")]
    [InlineData("htu-other-port")]
    [InlineData("htu-other-scheme")]
    [InlineData("htu-with-userinfo")]
    [InlineData("htu-relative")]
    [InlineData("htu-missing")]
    [InlineData("iat-stale")]
    [InlineData("iat-future")]
    [InlineData("iat-missing")]
    [InlineData("iat-string")]
    [InlineData("jti-missing")]
    [InlineData("jti-too-long")]
    [InlineData("signed-by-another-key")]
    [InlineData("oversize")]
    [InlineData("garbage")]
    [InlineData("jwe-shaped")]
    [InlineData("crit-header")]
    public async Task Token_BadDPoPProof_ReturnsInvalidDPoPProof(string attack)
    {
        using var key = TestKeys.Fresh("dpop");
        var proof = Build(attack, key, await Host.NonceAsync());

        var response = await SendAsync([proof]);

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_dpop_proof");
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("random")]
    [InlineData("short")]
    [InlineData("not-a-string")]
    [InlineData("empty")]
    public async Task Token_MissingOrInvalidNonce_ReturnsUseDPoPNonceWithAFreshNonce(string defect)
    {
        using var key = TestKeys.Fresh("dpop");
        var claims = Host.ProofClaims(nonce: null);
        switch (defect)
        {
            case "random": claims["nonce"] = BrokerHost.NewId() + BrokerHost.NewId().PadRight(19, 'A'); break;
            case "short": claims["nonce"] = "abc"; break;
            case "not-a-string": claims["nonce"] = 42; break;
            case "empty": claims["nonce"] = ""; break;
        }

        var response = await SendAsync([Jws.Sign(key, BrokerHost.ProofHeader(key), claims)]);

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "use_dpop_nonce");
        Assert.Matches("^[A-Za-z0-9_-]{43}$", response.Header("DPoP-Nonce"));
    }

    [Fact]
    public async Task Token_ReplayedProof_ReturnsInvalidDPoPProof()
    {
        using var key = TestKeys.Fresh("dpop");
        var proof = Host.Proof(key, await Host.NonceAsync());
        WireAssert.TokenIssued(await SendAsync([proof]), "DPoP");

        var replay = await SendAsync([proof]);

        WireAssert.OAuthError(replay, HttpStatusCode.BadRequest, "invalid_dpop_proof");
    }

    [Fact]
    public async Task Token_ProofJtiReusedWithTheSameKey_ReturnsInvalidDPoPProof()
    {
        using var key = TestKeys.Fresh("dpop");
        var nonce = await Host.NonceAsync();
        var claims = Host.ProofClaims(nonce);
        WireAssert.TokenIssued(await SendAsync([Jws.Sign(key, BrokerHost.ProofHeader(key), claims)]), "DPoP");

        // A new signature over the same jti (ECDSA is randomised) is still the same proof jti for this key.
        var second = Jws.Sign(key, BrokerHost.ProofHeader(key), claims);
        var replay = await SendAsync([second]);

        WireAssert.OAuthError(replay, HttpStatusCode.BadRequest, "invalid_dpop_proof");
    }

    [Fact]
    public async Task Token_TwoDPoPHeaders_ReturnsInvalidDPoPProof()
    {
        using var key = TestKeys.Fresh("dpop");
        var nonce = await Host.NonceAsync();
        string[] proofs = [Host.Proof(key, nonce), Host.Proof(key, nonce)];
        var assertion = Host.Assertion("bot");
        var body = await new FormUrlEncodedContent(BrokerHost.ClientCredentials(assertion)).ReadAsStringAsync();

        var response = await RawHttp.SendAsync(Host.TokenEndpoint, "POST",
            [("Content-Type", "application/x-www-form-urlencoded"), ("DPoP", proofs[0]), ("DPoP", proofs[1])], body, [.. proofs, assertion]);

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_dpop_proof");
    }

    [Fact]
    public async Task Token_ValidProofOnTheRawWire_IsAccepted()
    {
        // The control for the two-header test: the same raw client with one header succeeds.
        using var key = TestKeys.Fresh("dpop");
        var proof = Host.Proof(key, await Host.NonceAsync());
        var assertion = Host.Assertion("bot");
        var body = await new FormUrlEncodedContent(BrokerHost.ClientCredentials(assertion)).ReadAsStringAsync();

        var response = await RawHttp.SendAsync(Host.TokenEndpoint, "POST",
            [("Content-Type", "application/x-www-form-urlencoded"), ("DPoP", proof)], body, [proof, assertion]);

        WireAssert.TokenIssued(response, "DPoP");
    }

    [Fact]
    public async Task Token_RequireDpopAgentWithoutProof_ReturnsInvalidRequest()
    {
        var response = await SendAsync([]);

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Token_EmptyDPoPHeader_IsRefused()
    {
        var response = await SendAsync([""]);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains(response.Json.GetProperty("error").GetString(), new[] { "invalid_dpop_proof", "invalid_request" });
        WireAssert.NoEcho(response);
    }

    [Fact]
    public async Task Token_ProofHtuWithQuery_IsAccepted()
    {
        // RFC 9449 §4.3 check 9: htu is compared without query and fragment.
        using var key = TestKeys.Fresh("dpop");
        var claims = Host.ProofClaims(await Host.NonceAsync());
        claims["htu"] = Host.TokenEndpoint.AbsoluteUri + "?x=1";

        WireAssert.TokenIssued(await SendAsync([Jws.Sign(key, BrokerHost.ProofHeader(key), claims)]), "DPoP");
    }

    [Fact]
    public async Task Token_RsaDPoPKey_IsAcceptedAndBound()
    {
        using var key = TestKeys.Fresh("dpop-rsa", JwsAlgorithms.PS256);

        var json = WireAssert.TokenIssued(await SendAsync([Host.Proof(key, await Host.NonceAsync())]), "DPoP");

        Assert.Equal(TestKeys.Thumbprint(key), Jws.Payload(json.GetProperty("access_token").GetString()!).GetProperty("cnf").GetProperty("jkt").GetString());
    }
}
