using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Rein.Broker;
using Rein.Broker.Tests.Infrastructure;
using Rein.Jose;

namespace Rein.Broker.Tests.Token;

/// <summary>Every way a private_key_jwt client assertion (RFC 7523) can be wrong is 401 invalid_client.</summary>
public sealed class ClientAssertionAttackTests(StandardBroker broker) : IClassFixture<StandardBroker>
{
    private BrokerHost Host => broker.Host;
    private static SigningKey BotKey => TestKeys.For("bot");

    /// <summary>Sends a token request for "bot" with <paramref name="assertion"/> and an otherwise valid request and proof.</summary>
    private async Task<WireResponse> SendAsync(string assertion, string? clientId = null, string assertionType = BrokerHost.JwtBearer)
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var nonce = await Host.NonceAsync();
        return await Host.PostFormAsync(Host.TokenEndpoint,
            BrokerHost.ClientCredentials(assertion, clientId: clientId, assertionType: assertionType), [Host.Proof(dpopKey, nonce)]);
    }

    private JsonObject Claims(Action<JsonObject>? change = null)
    {
        var claims = Host.AssertionClaims("bot");
        change?.Invoke(claims);
        return claims;
    }

    private static JsonObject Header(Action<JsonObject>? change = null)
    {
        var header = BrokerHost.AssertionHeader(BotKey);
        change?.Invoke(header);
        return header;
    }

    private string Build(string attack)
    {
        var now = Host.NowSeconds;
        using var attacker = TestKeys.Fresh("attacker");
        return attack switch
        {
            "alg-none" => Jws.Unsigned(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" }, Claims()),
            "alg-none-with-kid-and-signature" => Jws.Sign(BotKey, Header(h => h["alg"] = "none"), Claims()),
            "alg-NONE" => Jws.Unsigned(new JsonObject { ["alg"] = "NONE", ["typ"] = "JWT", ["kid"] = BotKey.KeyId }, Claims()),
            "hs256-public-key-json-as-secret" => Jws.Hmac(Encoding.UTF8.GetBytes(TestKeys.PublicJwk(BotKey).ToJsonString()),
                Header(h => h["alg"] = "HS256"), Claims()),
            "hs256-jwks-json-as-secret" => Jws.Hmac(Encoding.UTF8.GetBytes(TestKeys.Jwks(BotKey)), Header(h => h["alg"] = "HS256"), Claims()),
            "hs256-x-coordinate-as-secret" => Jws.Hmac(Encoding.UTF8.GetBytes(TestKeys.PublicJwk(BotKey)["x"]!.GetValue<string>()),
                Header(h => h["alg"] = "HS256"), Claims()),
            "alg-es256-signed-with-rs256-header" => Jws.Sign(BotKey, Header(h => h["alg"] = "RS256"), Claims()),
            "unknown-kid" => Jws.Sign(BotKey, Header(h => h["kid"] = "no-such-kid"), Claims()),
            "kid-not-string" => Jws.Sign(BotKey, Header(h => h["kid"] = 1), Claims()),
            "embedded-jwk-attacker-kid" => Jws.Sign(attacker, new JsonObject
            {
                ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = attacker.KeyId, ["jwk"] = TestKeys.PublicJwk(attacker),
            }, Claims()),
            "embedded-jwk-agent-kid" => Jws.Sign(attacker, new JsonObject
            {
                ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = BotKey.KeyId, ["jwk"] = TestKeys.PublicJwk(attacker),
            }, Claims()),
            "embedded-jwk-no-kid" => Jws.Sign(attacker, new JsonObject
            {
                ["alg"] = "ES256", ["typ"] = "JWT", ["jwk"] = TestKeys.PublicJwk(attacker),
            }, Claims()),
            "typ-at+jwt" => Jws.Sign(BotKey, Header(h => h["typ"] = "at+jwt"), Claims()),
            "typ-dpop+jwt" => Jws.Sign(BotKey, Header(h => h["typ"] = "dpop+jwt"), Claims()),
            "typ-secevent+jwt" => Jws.Sign(BotKey, Header(h => h["typ"] = "secevent+jwt"), Claims()),
            "typ-txntoken+jwt" => Jws.Sign(BotKey, Header(h => h["typ"] = "txntoken+jwt"), Claims()),
            "crit-header" => Jws.Sign(BotKey, Header(h => h["crit"] = new JsonArray("exp")), Claims()),
            "expired" => Jws.Sign(BotKey, Header(), Claims(c => { c["iat"] = now - 300; c["exp"] = now - 120; })),
            "not-yet-valid" => Jws.Sign(BotKey, Header(), Claims(c => c["nbf"] = now + 300)),
            "issued-in-the-future" => Jws.Sign(BotKey, Header(), Claims(c => { c["iat"] = now + 300; c["exp"] = now + 360; })),
            "lifetime-over-10-minutes" => Jws.Sign(BotKey, Header(), Claims(c => c["exp"] = now + 11 * 60)),
            "exp-far-without-iat" => Jws.Sign(BotKey, Header(), Claims(c => { c.Remove("iat"); c["exp"] = now + 3600; })),
            "no-exp" => Jws.Sign(BotKey, Header(), Claims(c => c.Remove("exp"))),
            "exp-not-number" => Jws.Sign(BotKey, Header(), Claims(c => c["exp"] = "tomorrow")),
            "wrong-aud" => Jws.Sign(BotKey, Header(), Claims(c => c["aud"] = "https://evil.example")),
            "aud-introspection-endpoint" => Jws.Sign(BotKey, Header(), Claims(c => c["aud"] = Host.IntrospectionEndpoint.AbsoluteUri)),
            "aud-missing" => Jws.Sign(BotKey, Header(), Claims(c => c.Remove("aud"))),
            "iss-not-sub" => Jws.Sign(BotKey, Header(), Claims(c => c["sub"] = "other-bot")),
            "sub-missing" => Jws.Sign(BotKey, Header(), Claims(c => c.Remove("sub"))),
            "iss-other-agent" => Jws.Sign(BotKey, Header(), Claims(c => { c["iss"] = "other-bot"; c["sub"] = "other-bot"; })),
            "iss-unknown-client" => Jws.Sign(BotKey, Header(), Claims(c => { c["iss"] = "nobody"; c["sub"] = "nobody"; })),
            "iss-missing" => Jws.Sign(BotKey, Header(), Claims(c => c.Remove("iss"))),
            "jti-missing" => Jws.Sign(BotKey, Header(), Claims(c => c.Remove("jti"))),
            "jti-empty" => Jws.Sign(BotKey, Header(), Claims(c => c["jti"] = "")),
            "signed-by-other-agent-with-its-kid" => Jws.Sign(TestKeys.For("other-bot"), BrokerHost.AssertionHeader(TestKeys.For("other-bot")), Claims()),
            "signed-by-other-agent-with-bot-kid" => Jws.Sign(TestKeys.For("other-bot"), Header(), Claims()),
            "signed-by-admin-key" => Jws.Sign(TestKeys.For(Scenario.AdminId), Header(), Claims()),
            "signature-stripped" => Jws.Sign(BotKey, Header(), Claims()).Split('.') is var p ? p[0] + "." + p[1] + "." : "",
            "payload-swapped" => Swap(Jws.Sign(BotKey, Header(), Claims()), Claims(c => c["sub"] = "other-bot")),
            "garbage" => "this is not a jwt at all",
            "two-segments" => Jws.Encode(Header()) + "." + Jws.Encode(Claims()),
            "four-segments" => Jws.Sign(BotKey, Header(), Claims()) + ".AAAA",
            "jwe-shaped" => Jws.Encode(new JsonObject { ["alg"] = "RSA-OAEP", ["enc"] = "A256GCM", ["kid"] = BotKey.KeyId })
                + "." + Jws.Encode(Claims()) + ".AAAA.AAAA.AAAA",
            "not-base64url" => Jws.Sign(BotKey, Header(), Claims()).Replace('-', '+').Replace('_', '/') + "==",
            "header-not-json" => Jws.Encode("not json") + "." + Jws.Encode(Claims()) + ".AAAA",
            "duplicate-claim" => SignRaw(BotKey, Header().ToJsonString(),
                Claims().ToJsonString().Replace("\"sub\":\"bot\"", "\"sub\":\"bot\",\"sub\":\"other-bot\"", StringComparison.Ordinal)),
            _ => throw new ArgumentOutOfRangeException(nameof(attack)),
        };
    }

    private static string Swap(string jws, JsonObject payload)
    {
        var parts = jws.Split('.');
        return parts[0] + "." + Jws.Encode(payload) + "." + parts[2];
    }

    private static string SignRaw(SigningKey key, string header, string payload)
    {
        var input = Jws.Encode(header) + "." + Jws.Encode(payload);
        var signature = new byte[key.SignatureSize];
        key.Sign(Encoding.ASCII.GetBytes(input), signature);
        return input + "." + System.Buffers.Text.Base64Url.EncodeToString(signature);
    }

    [Theory]
    [InlineData("alg-none")]
    [InlineData("alg-none-with-kid-and-signature")]
    [InlineData("alg-NONE")]
    [InlineData("hs256-public-key-json-as-secret")]
    [InlineData("hs256-jwks-json-as-secret")]
    [InlineData("hs256-x-coordinate-as-secret")]
    [InlineData("alg-es256-signed-with-rs256-header")]
    [InlineData("unknown-kid")]
    [InlineData("kid-not-string")]
    [InlineData("embedded-jwk-attacker-kid")]
    [InlineData("embedded-jwk-agent-kid")]
    [InlineData("embedded-jwk-no-kid")]
    [InlineData("typ-at+jwt")]
    [InlineData("typ-dpop+jwt")]
    [InlineData("typ-secevent+jwt")]
    [InlineData("typ-txntoken+jwt")]
    [InlineData("crit-header")]
    [InlineData("expired")]
    [InlineData("not-yet-valid")]
    [InlineData("issued-in-the-future")]
    [InlineData("lifetime-over-10-minutes")]
    [InlineData("exp-far-without-iat")]
    [InlineData("no-exp")]
    [InlineData("exp-not-number")]
    [InlineData("wrong-aud")]
    [InlineData("aud-introspection-endpoint")]
    [InlineData("aud-missing")]
    [InlineData("iss-not-sub")]
    [InlineData("sub-missing")]
    [InlineData("iss-other-agent")]
    [InlineData("iss-unknown-client")]
    [InlineData("iss-missing")]
    [InlineData("jti-missing")]
    [InlineData("jti-empty")]
    [InlineData("signed-by-other-agent-with-its-kid")]
    [InlineData("signed-by-other-agent-with-bot-kid")]
    [InlineData("signed-by-admin-key")]
    [InlineData("signature-stripped")]
    [InlineData("payload-swapped")]
    [InlineData("garbage")]
    [InlineData("two-segments")]
    [InlineData("four-segments")]
    [InlineData("jwe-shaped")]
    [InlineData("not-base64url")]
    [InlineData("header-not-json")]
    [InlineData("duplicate-claim")]
    public async Task Token_BadClientAssertion_ReturnsInvalidClient(string attack)
    {
        var response = await SendAsync(Build(attack));

        WireAssert.OAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.Null(response.Header("WWW-Authenticate"));
    }

    [Theory]
    [InlineData("jku")]
    [InlineData("x5u")]
    public async Task Token_AssertionPointingAtAttackerKeys_IsRefusedWithoutFetching(string header)
    {
        using var attacker = TestKeys.Fresh("attacker");
        await using var attackerJwks = await JwksServer.StartAsync(TestKeys.Jwks(attacker));
        var assertion = Jws.Sign(attacker, new JsonObject
        {
            ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = attacker.KeyId, [header] = attackerJwks.Uri.AbsoluteUri,
        }, Claims());

        var response = await SendAsync(assertion);

        WireAssert.OAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.Equal(0, attackerJwks.Requests);
    }

    [Fact]
    public async Task Token_ReplayedAssertion_ReturnsInvalidClient()
    {
        var assertion = Host.Assertion("bot");

        WireAssert.TokenIssued(await SendAsync(assertion), "DPoP");
        var replay = await SendAsync(assertion);

        WireAssert.OAuthError(replay, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task AssertionJtis_AreRememberedApartFromDPoPProofJtis()
    {
        // A flood of assertions (each remembered up to 10 minutes) must not fill the cache every DPoP proof goes
        // through, at the broker and at the gateway, nor the other way round.
        var services = Host.App.Services;
        var assertions = services.GetRequiredKeyedService<ReplayCache>(BrokerServiceCollectionExtensions.AssertionReplayCacheKey);
        var proofs = services.GetRequiredService<ReplayCache>();
        Assert.NotSame(assertions, proofs);
        var (assertionsBefore, proofsBefore) = (assertions.Count, proofs.Count);

        WireAssert.TokenIssued(await SendAsync(Host.Assertion("bot")), "DPoP");

        Assert.Equal(assertionsBefore + 1, assertions.Count);
        Assert.Equal(proofsBefore + 1, proofs.Count);
    }

    [Fact]
    public async Task Token_AssertionReplayedAtAnotherEndpoint_ReturnsInvalidClient()
    {
        // One jti, one use, whichever endpoint saw it first (RFC 7523 §3 item 7).
        var assertion = Host.Assertion("bot");
        var revoke = await Host.PostFormAsync(Host.RevocationEndpoint, new Form
        {
            { "token", "unknown-token" }, { "client_assertion_type", BrokerHost.JwtBearer }, { "client_assertion", assertion },
        });
        Assert.Equal(HttpStatusCode.OK, revoke.Status);

        WireAssert.OAuthError(await SendAsync(assertion), HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Token_RejectedAssertion_DoesNotBurnItsJti()
    {
        // A request refused for another reason (here the client_id parameter) must not let an attacker burn a jti.
        var claims = Claims();
        var assertion = Jws.Sign(BotKey, Header(), claims);
        WireAssert.OAuthError(await SendAsync(assertion, clientId: "other-bot"), HttpStatusCode.Unauthorized, "invalid_client");

        WireAssert.TokenIssued(await SendAsync(assertion), "DPoP");
    }

    [Theory]
    [InlineData("other-bot")]
    [InlineData("BOT")]
    [InlineData("nobody")]
    public async Task Token_ClientIdMismatchingAssertion_ReturnsInvalidClient(string clientId)
    {
        var response = await SendAsync(Host.Assertion("bot"), clientId: clientId);

        WireAssert.OAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Token_ClientIdMatchingAssertion_IsAccepted()
    {
        WireAssert.TokenIssued(await SendAsync(Host.Assertion("bot"), clientId: "bot"), "DPoP");
    }

    [Theory]
    [InlineData("urn:ietf:params:oauth:client-assertion-type:saml2-bearer")]
    [InlineData("jwt-bearer")]
    [InlineData("URN:IETF:PARAMS:OAUTH:CLIENT-ASSERTION-TYPE:JWT-BEARER")]
    public async Task Token_UnsupportedAssertionType_ReturnsInvalidClient(string assertionType)
    {
        var response = await SendAsync(Host.Assertion("bot"), assertionType: assertionType);

        WireAssert.OAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Token_AssertionWithoutAssertionType_ReturnsInvalidRequest()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var form = BrokerHost.ClientCredentials(Host.Assertion("bot")).Without("client_assertion_type");

        var response = await Host.PostFormAsync(Host.TokenEndpoint, form, [Host.Proof(dpopKey, await Host.NonceAsync())]);

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Token_AssertionAndBasicTogether_ReturnsInvalidRequest()
    {
        var response = await Host.PostFormAsync(Host.TokenEndpoint, BrokerHost.ClientCredentials(Host.Assertion("nodpop-bot")),
            authorization: BrokerHost.Basic("basic-bot", Scenario.Secret));

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Token_OversizeAssertion_ReturnsInvalidClient()
    {
        // A validly signed assertion padded past 16 KiB: refused for its size alone.
        var assertion = Jws.Sign(BotKey, Header(), Claims(c => c["pad"] = new string('a', 16 * 1024)));
        Assert.True(assertion.Length > 16 * 1024);

        var response = await SendAsync(assertion);

        WireAssert.OAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Token_OversizeAssertion_IsRefused()
    {
        var assertion = Jws.Sign(BotKey, Header(), Claims(c => c["pad"] = new string('a', 16 * 1024)));

        var response = await SendAsync(assertion);

        Assert.True(response.Status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized);
        WireAssert.NoEcho(response);
        Assert.DoesNotContain("access_token", response.Body, StringComparison.Ordinal);
    }
}
