using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Rein.Core.Transactions;
using Rein.Jose;

namespace Rein.Core.Tests.Transactions;

/// <summary>The validator upstream services use: a valid token read whole, and every way a transaction token can be wrong.</summary>
public sealed class TransactionTokenValidatorTests
{
    private static readonly SigningKey Key = SigningKey.Generate(JwsAlgorithms.ES256, "txn-trusted");
    private static readonly SigningKey Attacker = SigningKey.Generate(JwsAlgorithms.ES256, "txn-trusted");
    private static readonly SigningKey Es384 = SigningKey.Generate(JwsAlgorithms.ES384, "txn-trusted");
    private static readonly SigningKey Rsa = SigningKey.Generate(JwsAlgorithms.RS256, "txn-trusted");
    private static readonly JsonWebKeySet Trusted = JsonWebKeySet.Create([Key.PublicJwk, Es384.PublicJwk, Rsa.PublicJwk]);

    private readonly FakeTimeProvider _time = new(TxnJws.Now);

    private TransactionTokenValidator Validator(string? issuer = null, KeyResolver? keys = null, Func<CancellationToken, Task<bool>>? refresh = null) => new(new TransactionTokenValidatorOptions
    {
        TrustDomain = TxnJws.TrustDomain,
        Keys = keys ?? Trusted.Resolve,
        RefreshKeys = refresh,
        Issuer = issuer,
        Time = _time,
    });

    private static string Valid() => TxnJws.Sign(Key, TxnJws.Header(Key), TxnJws.Claims());

    private static string WithClaims(Action<JsonObject> change)
    {
        var claims = TxnJws.Claims();
        change(claims);
        return TxnJws.Sign(Key, TxnJws.Header(Key), claims);
    }

    private static string WithHeader(Action<JsonObject> change, SigningKey? signer = null)
    {
        var header = TxnJws.Header(Key);
        change(header);
        return TxnJws.Sign(signer ?? Key, header, TxnJws.Claims());
    }

    [Fact]
    public void Validate_TokenFromTheWriter_ReadsEveryClaim()
    {
        var request = new TransactionTokenRequest
        {
            TransactionId = "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            Subject = "alice",
            Scope = "tickets.read",
            RequestingWorkload = "https://gateway.example.com",
            Tool = "tickets",
            Action = "tickets.read",
            Agent = "agent-b",
            ForUser = true,
            UserIssuer = "https://idp.example.com",
            ActorJson = """{"sub":"agent-b","act":{"sub":"agent-a"}}""",
            GrantId = "grant-7",
            ApprovalId = "approval-9",
            ClientAddress = "192.0.2.7",
            AuthenticationMethod = "dpop",
        };
        var iat = TxnJws.Now.ToUnixTimeSeconds();

        var token = TransactionTokenWriter.Write(Key, TxnJws.TrustDomain, TxnJws.TrustDomain, iat, iat + 60, request);
        var result = Validator(issuer: TxnJws.TrustDomain).Validate(token);

        Assert.True(result.IsValid, result.ErrorDescription);
        var txn = result.Token!;
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", txn.TransactionId);
        Assert.Equal("alice", txn.Subject);
        Assert.Equal(["tickets.read"], txn.Scopes);
        Assert.Equal("https://gateway.example.com", txn.RequestingWorkload);
        Assert.Equal(TxnJws.TrustDomain, txn.Audience);
        Assert.Equal(TxnJws.TrustDomain, txn.Issuer);
        Assert.Equal(TxnJws.Now, txn.IssuedAt);
        Assert.Equal(TxnJws.Now.AddSeconds(60), txn.ExpiresAt);
        Assert.Equal("tickets", txn.Tool);
        Assert.Equal("tickets.read", txn.Action);
        Assert.Equal("agent-b", txn.Agent);
        Assert.Equal("alice", txn.UserSubject);
        Assert.Equal("https://idp.example.com", txn.UserIssuer);
        Assert.Equal(["agent-b", "agent-a"], txn.Actors);
        Assert.Equal("grant-7", txn.GrantId);
        Assert.Equal("approval-9", txn.ApprovalId);
        Assert.Equal("192.0.2.7", txn.ClientAddress);
        Assert.Equal("dpop", txn.AuthenticationMethod);
        Assert.Equal("txntoken+jwt", TxnJws.Header(token).GetProperty("typ").GetString());
        Assert.Equal("txn-trusted", TxnJws.Header(token).GetProperty("kid").GetString());
        Assert.Equal("""{"sub":"agent-b","act":{"sub":"agent-a"}}""", TxnJws.Payload(token).GetProperty("tctx").GetProperty("act").GetRawText());
    }

    [Fact]
    public void Validate_AgentOnItsOwnBehalf_HasNoUserOrActors()
    {
        var iat = TxnJws.Now.ToUnixTimeSeconds();
        var token = TransactionTokenWriter.Write(Key, TxnJws.TrustDomain, TxnJws.TrustDomain, iat, iat + 60, new TransactionTokenRequest
        {
            TransactionId = "t-1", Subject = "triage-bot", Scope = "tickets.read", RequestingWorkload = "wl", Tool = "tickets", Agent = "triage-bot",
        });

        var result = Validator().Validate(token);

        Assert.True(result.IsValid, result.ErrorDescription);
        Assert.Null(result.Token!.UserSubject);
        Assert.Empty(result.Token.Actors);
        Assert.Null(result.Token.Action);
        Assert.False(TxnJws.Payload(token).GetProperty("tctx").TryGetProperty("user", out _));
        Assert.Equal("{}", TxnJws.Payload(token).GetProperty("rctx").GetRawText());
    }

    [Fact]
    public void Validate_HandBuiltToken_IsValid()
    {
        Assert.True(Validator().Validate(Valid()).IsValid);
    }

    public static TheoryData<string> Defects => new(Cases.Keys);

    private static readonly Dictionary<string, (Func<string> Make, TransactionTokenError Error)> Cases = new()
    {
        ["typ absent"] = (() => WithHeader(h => h.Remove("typ")), TransactionTokenError.InvalidType),
        ["typ at+jwt (an access token)"] = (() => WithHeader(h => h["typ"] = "at+jwt"), TransactionTokenError.InvalidType),
        ["typ JWT"] = (() => WithHeader(h => h["typ"] = "JWT"), TransactionTokenError.InvalidType),
        ["typ dpop+jwt"] = (() => WithHeader(h => h["typ"] = "dpop+jwt"), TransactionTokenError.InvalidType),
        ["typ secevent+jwt"] = (() => WithHeader(h => h["typ"] = "secevent+jwt"), TransactionTokenError.InvalidType),
        ["typ txn_token (older drafts)"] = (() => WithHeader(h => h["typ"] = "txn_token"), TransactionTokenError.InvalidType),
        ["alg none"] = (() => TxnJws.Encode(new JsonObject { ["alg"] = "none", ["typ"] = "txntoken+jwt", ["kid"] = "txn-trusted" }) + "." + TxnJws.Encode(TxnJws.Claims()) + ".", TransactionTokenError.UnsupportedAlgorithm),
        ["alg HS256 keyed with the public key"] = (() => TxnJws.Hmac(Encoding.UTF8.GetBytes(Key.PublicJwk.Thumbprint), new JsonObject { ["alg"] = "HS256", ["typ"] = "txntoken+jwt", ["kid"] = "txn-trusted" }, TxnJws.Claims()), TransactionTokenError.UnsupportedAlgorithm),
        ["alg ES384 with a trusted key"] = (() => TxnJws.Sign(Es384, TxnJws.Header(Es384), TxnJws.Claims()), TransactionTokenError.UnsupportedAlgorithm),
        ["alg RS256 with a trusted key"] = (() => TxnJws.Sign(Rsa, TxnJws.Header(Rsa), TxnJws.Claims()), TransactionTokenError.UnsupportedAlgorithm),
        ["signed by another key under the trusted kid"] = (() => TxnJws.Sign(Attacker, TxnJws.Header(Attacker), TxnJws.Claims()), TransactionTokenError.InvalidSignature),
        ["payload changed after signing"] = (() => Tamper(Valid()), TransactionTokenError.InvalidSignature),
        ["signature cut off"] = (() => Valid()[..(Valid().LastIndexOf('.') + 1)], TransactionTokenError.InvalidSignature),
        ["unknown kid"] = (() => WithHeader(h => h["kid"] = "txn-unknown"), TransactionTokenError.UnknownKey),
        // The embedded key is never used: the token is checked against the one trusted ES256 key, and fails.
        ["no kid, attacker's jwk embedded"] = (() => TxnJws.Sign(Attacker, new JsonObject { ["alg"] = "ES256", ["typ"] = "txntoken+jwt", ["jwk"] = JsonNode.Parse(JsonWebKeySet.Create([Attacker.PublicJwk]).ToPublicJson())!["keys"]![0]!.DeepClone() }, TxnJws.Claims()), TransactionTokenError.InvalidSignature),
        ["jku to an attacker's keys"] = (() => WithHeader(h => { h["kid"] = "attacker"; h["jku"] = "https://attacker.example/jwks"; }, Attacker), TransactionTokenError.UnknownKey),
        ["crit header"] = (() => WithHeader(h => h["crit"] = new JsonArray("exp")), TransactionTokenError.Malformed),
        ["aud another trust domain"] = (() => WithClaims(c => c["aud"] = "https://other.example.com"), TransactionTokenError.InvalidClaims),
        ["aud an array naming the trust domain"] = (() => WithClaims(c => c["aud"] = new JsonArray(TxnJws.TrustDomain, "https://other.example.com")), TransactionTokenError.InvalidClaims),
        ["aud missing"] = (() => WithClaims(c => c.Remove("aud")), TransactionTokenError.InvalidClaims),
        ["expired beyond the skew"] = (() => WithClaims(c => { c["iat"] = TxnJws.Now.ToUnixTimeSeconds() - 120; c["exp"] = TxnJws.Now.ToUnixTimeSeconds() - 31; }), TransactionTokenError.InvalidClaims),
        ["exp missing"] = (() => WithClaims(c => c.Remove("exp")), TransactionTokenError.InvalidClaims),
        ["exp a string"] = (() => WithClaims(c => c["exp"] = (TxnJws.Now.ToUnixTimeSeconds() + 60).ToString(System.Globalization.CultureInfo.InvariantCulture)), TransactionTokenError.InvalidClaims),
        ["iat missing"] = (() => WithClaims(c => c.Remove("iat")), TransactionTokenError.InvalidClaims),
        ["iat in the future"] = (() => WithClaims(c => { c["iat"] = TxnJws.Now.ToUnixTimeSeconds() + 120; c["exp"] = TxnJws.Now.ToUnixTimeSeconds() + 180; }), TransactionTokenError.InvalidClaims),
        ["nbf in the future"] = (() => WithClaims(c => c["nbf"] = TxnJws.Now.ToUnixTimeSeconds() + 120), TransactionTokenError.InvalidClaims),
        ["lives longer than 5 minutes"] = (() => WithClaims(c => c["exp"] = TxnJws.Now.ToUnixTimeSeconds() + 301), TransactionTokenError.InvalidClaims),
        ["txn missing"] = (() => WithClaims(c => c.Remove("txn")), TransactionTokenError.InvalidClaims),
        ["txn empty"] = (() => WithClaims(c => c["txn"] = ""), TransactionTokenError.InvalidClaims),
        ["sub missing"] = (() => WithClaims(c => c.Remove("sub")), TransactionTokenError.InvalidClaims),
        ["scope missing"] = (() => WithClaims(c => c.Remove("scope")), TransactionTokenError.InvalidClaims),
        ["scope a list"] = (() => WithClaims(c => c["scope"] = new JsonArray("tickets.read")), TransactionTokenError.InvalidClaims),
        ["req_wl missing"] = (() => WithClaims(c => c.Remove("req_wl")), TransactionTokenError.InvalidClaims),
        ["tctx a string"] = (() => WithClaims(c => c["tctx"] = "tickets"), TransactionTokenError.InvalidClaims),
        ["rctx an array"] = (() => WithClaims(c => c["rctx"] = new JsonArray()), TransactionTokenError.InvalidClaims),
        ["tctx.tool a number"] = (() => WithClaims(c => c["tctx"]!["tool"] = 7), TransactionTokenError.InvalidClaims),
        ["tctx.user without sub"] = (() => WithClaims(c => c["tctx"]!["user"] = new JsonObject { ["iss"] = "https://idp.example.com" }), TransactionTokenError.InvalidClaims),
        ["tctx.act without sub"] = (() => WithClaims(c => c["tctx"]!["act"] = new JsonObject { ["act"] = new JsonObject { ["sub"] = "a" } }), TransactionTokenError.InvalidClaims),
        ["tctx.act nine deep"] = (() => WithClaims(c => c["tctx"]!["act"] = Chain(9)), TransactionTokenError.InvalidClaims),
        ["rctx.req_ip a number"] = (() => WithClaims(c => c["rctx"]!["req_ip"] = 3232235777), TransactionTokenError.InvalidClaims),
        ["longer than 16 KiB"] = (() => WithClaims(c => c["tctx"]!["note"] = new string('x', 16 * 1024)), TransactionTokenError.TooLarge),
        ["not a JWS"] = (() => "not-a-token", TransactionTokenError.Malformed),
        ["a JWE"] = (() => "eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d", TransactionTokenError.Malformed),
        ["payload not JSON"] = (() => SignRaw("not json"), TransactionTokenError.Malformed),
        ["duplicate claims"] = (() => SignRaw("{\"sub\":\"a\",\"sub\":\"b\"}"), TransactionTokenError.Malformed),
        ["empty"] = (() => "", TransactionTokenError.Missing),
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public void Validate_DefectiveToken_IsRefusedWithItsReason(string defect)
    {
        var (make, expected) = Cases[defect];

        var result = Validator().Validate(make());

        Assert.False(result.IsValid);
        Assert.Null(result.Token);
        Assert.Equal(expected, result.Error);
        Assert.False(string.IsNullOrEmpty(result.ErrorDescription));
        Assert.DoesNotContain("triage-bot", result.ErrorDescription, StringComparison.Ordinal);
        Assert.DoesNotContain("4bf92f35", result.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ExpiredWithinTheSkew_IsValid()
    {
        var token = WithClaims(c => { c["iat"] = TxnJws.Now.ToUnixTimeSeconds() - 80; c["exp"] = TxnJws.Now.ToUnixTimeSeconds() - 20; });

        Assert.True(Validator().Validate(token).IsValid);
    }

    [Fact]
    public void Validate_ValidTokenOnceTheClockPassesExpiry_IsRefused()
    {
        var token = Valid();
        Assert.True(Validator().Validate(token).IsValid);

        _time.Advance(TimeSpan.FromSeconds(60 + 30));

        Assert.Equal(TransactionTokenError.InvalidClaims, Validator().Validate(token).Error);
    }

    [Fact]
    public void Validate_IssuerRequiredAndDifferent_IsRefused()
    {
        var result = Validator(issuer: "https://another-rein.example.com").Validate(Valid());

        Assert.Equal(TransactionTokenError.InvalidClaims, result.Error);
    }

    [Fact]
    public void Validate_IssuerAbsentAndNotRequired_IsValid()
    {
        Assert.True(Validator().Validate(WithClaims(c => c.Remove("iss"))).IsValid);
    }

    [Fact]
    public async Task ValidateAsync_UnknownKidThenKeysRefreshed_IsValid()
    {
        var keys = JsonWebKeySet.Create([]);
        var refreshed = 0;
        var validator = Validator(keys: (kid, alg) => keys.Resolve(kid, alg), refresh: _ =>
        {
            refreshed++;
            keys = Trusted;
            return Task.FromResult(true);
        });

        var result = await validator.ValidateAsync(Valid(), CancellationToken.None);

        Assert.True(result.IsValid, result.ErrorDescription);
        Assert.Equal(1, refreshed);
    }

    [Fact]
    public async Task ValidateAsync_UnknownKidAndNothingNewLoaded_IsUnknownKey()
    {
        var validator = Validator(keys: (_, _) => null, refresh: _ => Task.FromResult(false));

        var result = await validator.ValidateAsync(Valid(), CancellationToken.None);

        Assert.Equal(TransactionTokenError.UnknownKey, result.Error);
    }

    [Fact]
    public async Task ValidateAsync_BadSignature_DoesNotRefreshKeys()
    {
        var refreshed = 0;
        var validator = Validator(refresh: _ => Task.FromResult(++refreshed > 0));

        var result = await validator.ValidateAsync(Tamper(Valid()), CancellationToken.None);

        Assert.Equal(TransactionTokenError.InvalidSignature, result.Error);
        Assert.Equal(0, refreshed);
    }

    [Fact]
    public void Validate_Request_ReadsTheOneTxnTokenHeader()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["Txn-Token"] = Valid();

        Assert.True(Validator().Validate(context.Request).IsValid);
    }

    [Fact]
    public void Validate_RequestWithoutTxnToken_IsMissing()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + Valid();

        Assert.Equal(TransactionTokenError.Missing, Validator().Validate(context.Request).Error);
    }

    [Fact]
    public void Validate_RequestWithTwoTxnTokens_IsAmbiguous()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["Txn-Token"] = new Microsoft.Extensions.Primitives.StringValues([Valid(), Valid()]);

        Assert.Equal(TransactionTokenError.Ambiguous, Validator().Validate(context.Request).Error);
    }

    private static JsonObject Chain(int depth)
    {
        var act = new JsonObject { ["sub"] = "agent-" + depth };
        for (var i = depth - 1; i > 0; i--) act = new JsonObject { ["sub"] = "agent-" + i, ["act"] = act };
        return act;
    }

    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var claims = TxnJws.Claims();
        claims["scope"] = "tickets.read tickets.write";
        return parts[0] + "." + TxnJws.Encode(claims) + "." + parts[2];
    }

    private static string SignRaw(string payload)
    {
        var input = TxnJws.Encode(TxnJws.Header(Key)) + "." + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        var signature = new byte[Key.SignatureSize];
        Key.Sign(Encoding.ASCII.GetBytes(input), signature);
        return input + "." + System.Buffers.Text.Base64Url.EncodeToString(signature);
    }
}
