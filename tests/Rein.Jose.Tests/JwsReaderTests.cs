using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Rein.Jose.Tests;

public sealed class JwsReaderTests
{
    private const string Claims = """{"iss":"https://rein.example","sub":"agent-1","exp":4102444800}""";

    private static readonly JwsReadOptions s_options = new()
    {
        Algorithms = FrozenSet.Create(StringComparer.Ordinal, JwsAlgorithms.ES256, JwsAlgorithms.RS256, JwsAlgorithms.PS256),
        AcceptedTypes = ["at+jwt"],
    };

    private static SigningKey Es256 => TestKeys.For(JwsAlgorithms.ES256);

    private static SigningKey Rs256 => TestKeys.For(JwsAlgorithms.RS256);

    private static SigningKey Attacker => TestKeys.Other(JwsAlgorithms.ES256);

    private static readonly JsonWebKeySet s_trusted = TestKeys.SetOf(Es256, Rs256);

    private static KeyResolver Trusted => s_trusted.Resolve;

    [Theory]
    [InlineData(JwsAlgorithms.ES256)]
    [InlineData(JwsAlgorithms.ES384)]
    [InlineData(JwsAlgorithms.ES512)]
    [InlineData(JwsAlgorithms.RS256)]
    [InlineData(JwsAlgorithms.RS384)]
    [InlineData(JwsAlgorithms.RS512)]
    [InlineData(JwsAlgorithms.PS256)]
    [InlineData(JwsAlgorithms.PS384)]
    [InlineData(JwsAlgorithms.PS512)]
    public void Read_WrittenToken_RoundTrips(string alg)
    {
        SigningKey key = TestKeys.For(alg);
        string token = JwtWriter.Write(key, "at+jwt", "agent-1", static (w, sub) =>
        {
            w.WriteString("sub", sub);
            w.WriteString("scope", "tickets.read tickets.write");
            w.WriteNumber("exp", 4102444800);
        });

        JwsReadResult result = JwsReader.Read(
            token,
            new JwsReadOptions { Algorithms = JwsAlgorithms.AllAsymmetric, AcceptedTypes = ["at+jwt"] },
            TestKeys.SetOf(key).Resolve);

        Assert.True(result.IsValid, result.ErrorDescription);
        Assert.Equal(JoseError.None, result.Error);
        Assert.Equal(string.Empty, result.ErrorDescription);
        Assert.Equal(alg, result.Algorithm);
        Assert.Equal(key.KeyId, result.KeyId);
        Assert.Equal("at+jwt", result.Type);
        Assert.Equal("agent-1", result.Payload.GetProperty("sub").GetString());
        Assert.Equal("tickets.read tickets.write", result.Payload.GetProperty("scope").GetString());
        Assert.Equal(key.PublicJwk.Thumbprint, result.Key?.Thumbprint);
        Assert.Null(result.EmbeddedJwk);
    }

    [Fact]
    public void Write_Header_HasAlgTypKidInOrder()
    {
        string token = JwtWriter.Write(Es256, "at+jwt", 0, static (_, _) => { });
        string header = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(0, token.IndexOf('.'))));
        string payload = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1]));

        Assert.Equal("""{"alg":"ES256","typ":"at+jwt","kid":"test-ES256"}""", header);
        Assert.Equal("{}", payload);
    }

    [Fact]
    public void Write_EmbedPublicJwk_HasJwkAndNoKid()
    {
        string token = JwtWriter.Write(Es256, "dpop+jwt", 0, static (_, _) => { }, embedPublicJwk: true);
        JsonElement header = JsonElement.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(0, token.IndexOf('.'))));

        Assert.False(header.TryGetProperty("kid", out _));
        Assert.Equal(TestJws.PublicJwkJson(Es256), header.GetProperty("jwk").GetRawText());
        Assert.False(header.GetProperty("jwk").TryGetProperty("d", out _));
    }

    [Fact]
    public void Write_UnbalancedClaims_Throws() =>
        Assert.Throws<InvalidOperationException>(() => JwtWriter.Write(Es256, "JWT", 0, static (w, _) => w.WriteStartObject("open")));

    [Fact]
    public void Read_Rfc7515AppendixA3_Verifies()
    {
        // RFC 7515 appendix A.3: ES256 over a payload with CRLF whitespace, header {"alg":"ES256"}.
        const string token =
            "eyJhbGciOiJFUzI1NiJ9"
            + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
            + ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
        Assert.True(JsonWebKey.TryParse(
            TestJws.Json($$"""{"kty":"EC","crv":"P-256","x":"{{JsonWebKeyTests.A3X}}","y":"{{JsonWebKeyTests.A3Y}}"}"""),
            out JsonWebKey? jwk,
            out _));
        var options = new JwsReadOptions { Algorithms = FrozenSet.Create(JwsAlgorithms.ES256), AcceptedTypes = [] };

        JwsReadResult result = JwsReader.Read(token, options, JsonWebKeySet.Create([jwk]).Resolve);

        Assert.True(result.IsValid, result.ErrorDescription);
        Assert.Equal("joe", result.Payload.GetProperty("iss").GetString());
        Assert.Equal(1300819380, result.Payload.GetProperty("exp").GetInt64());
        Assert.True(result.Payload.GetProperty("http://example.com/is_root").GetBoolean());
        Assert.Null(result.Type);
        Assert.Null(result.KeyId);
    }

    [Theory]
    [InlineData("at+jwt")]
    [InlineData("AT+JWT")]
    [InlineData("application/at+jwt")]
    [InlineData("Application/At+Jwt")]
    public void Read_TypeEquivalentPerRfc7515_IsAccepted(string typ)
    {
        string token = TestJws.Sign($$"""{"alg":"ES256","typ":"{{typ}}","kid":"test-ES256"}""", Claims, Es256);

        Assert.True(JwsReader.Read(token, s_options, Trusted).IsValid);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("JWT", true)]
    [InlineData("jwt", true)]
    [InlineData("application/jwt", true)]
    [InlineData("at+jwt", false)]
    [InlineData("secevent+jwt", false)]
    [InlineData("application/", false)]
    public void Read_NoAcceptedTypes_AllowsOnlyAbsentOrJwt(string? typ, bool valid)
    {
        string typMember = typ is null ? string.Empty : $",\"typ\":\"{typ}\"";
        string token = TestJws.Sign($$"""{"alg":"ES256","kid":"test-ES256"{{typMember}}}""", Claims, Es256);
        var options = new JwsReadOptions { Algorithms = s_options.Algorithms, AcceptedTypes = [] };

        JwsReadResult result = JwsReader.Read(token, options, Trusted);

        Assert.Equal(valid, result.IsValid);
        Assert.Equal(valid ? JoseError.None : JoseError.InvalidType, result.Error);
    }

    [Theory]
    [InlineData(null, new[] { "JWT", "client-authentication+jwt" }, true)]
    [InlineData(null, new[] { "at+jwt" }, false)]
    [InlineData(null, new[] { "dpop+jwt" }, false)]
    [InlineData("at+jwt", new[] { "JWT", "client-authentication+jwt" }, false)]
    public void Read_AbsentType_AcceptedOnlyWhereJwtIs(string? typ, string[] accepted, bool valid)
    {
        string typMember = typ is null ? string.Empty : $",\"typ\":\"{typ}\"";
        string token = TestJws.Sign($$"""{"alg":"ES256","kid":"test-ES256"{{typMember}}}""", Claims, Es256);
        var options = new JwsReadOptions { Algorithms = s_options.Algorithms, AcceptedTypes = accepted };

        JwsReadResult result = JwsReader.Read(token, options, Trusted);

        Assert.Equal(valid, result.IsValid);
    }

    [Theory]
    [InlineData("alg-none", JoseError.UnsupportedAlgorithm)]
    [InlineData("alg-none-signed", JoseError.UnsupportedAlgorithm)]
    [InlineData("alg-None-mixed-case", JoseError.UnsupportedAlgorithm)]
    [InlineData("alg-es256-lowercase", JoseError.UnsupportedAlgorithm)]
    [InlineData("alg-not-allowed", JoseError.UnsupportedAlgorithm)]
    [InlineData("hs256-with-rsa-public-key-pem-as-secret", JoseError.UnsupportedAlgorithm)]
    [InlineData("hs256-with-rsa-jwk-as-secret", JoseError.UnsupportedAlgorithm)]
    [InlineData("alg-missing", JoseError.Malformed)]
    [InlineData("alg-not-string", JoseError.Malformed)]
    [InlineData("unknown-kid", JoseError.UnknownKey)]
    [InlineData("embedded-jwk-ignored", JoseError.UnknownKey)]
    [InlineData("embedded-jwk-without-kid-ignored", JoseError.InvalidSignature)]
    [InlineData("jku-ignored", JoseError.UnknownKey)]
    [InlineData("x5u-ignored", JoseError.UnknownKey)]
    [InlineData("x5c-ignored", JoseError.UnknownKey)]
    [InlineData("rs256-naming-ec-key", JoseError.UnknownKey)]
    [InlineData("es256-naming-rsa-key", JoseError.UnknownKey)]
    [InlineData("kid-not-string", JoseError.Malformed)]
    [InlineData("typ-wrong", JoseError.InvalidType)]
    [InlineData("typ-missing", JoseError.InvalidType)]
    [InlineData("typ-not-string", JoseError.InvalidType)]
    [InlineData("typ-other-token-kind", JoseError.InvalidType)]
    [InlineData("crit", JoseError.UnsupportedCriticalHeader)]
    [InlineData("crit-empty", JoseError.UnsupportedCriticalHeader)]
    [InlineData("b64-false", JoseError.UnsupportedCriticalHeader)]
    [InlineData("jwe", JoseError.Malformed)]
    [InlineData("two-segments", JoseError.Malformed)]
    [InlineData("four-segments", JoseError.Malformed)]
    [InlineData("trailing-dot", JoseError.Malformed)]
    [InlineData("empty", JoseError.Malformed)]
    [InlineData("empty-header", JoseError.Malformed)]
    [InlineData("empty-payload", JoseError.Malformed)]
    [InlineData("base64-padding", JoseError.Malformed)]
    [InlineData("base64-plus", JoseError.Malformed)]
    [InlineData("base64-slash", JoseError.Malformed)]
    [InlineData("base64-whitespace", JoseError.Malformed)]
    [InlineData("base64-newline", JoseError.Malformed)]
    [InlineData("base64-non-canonical", JoseError.Malformed)]
    [InlineData("base64-impossible-length", JoseError.Malformed)]
    [InlineData("oversize", JoseError.TooLarge)]
    [InlineData("header-not-json", JoseError.Malformed)]
    [InlineData("header-array", JoseError.Malformed)]
    [InlineData("header-duplicate-alg", JoseError.Malformed)]
    [InlineData("header-duplicate-kid", JoseError.Malformed)]
    [InlineData("header-trailing-comma", JoseError.Malformed)]
    [InlineData("header-invalid-utf8", JoseError.Malformed)]
    [InlineData("header-lone-surrogate-kid", JoseError.Malformed)]
    [InlineData("header-lone-surrogate-alg", JoseError.Malformed)]
    [InlineData("header-lone-surrogate-typ", JoseError.InvalidType)]
    [InlineData("header-lone-surrogate-name", JoseError.Malformed)]
    [InlineData("payload-invalid-utf8", JoseError.Malformed)]
    [InlineData("payload-lone-surrogate-name", JoseError.Malformed)]
    [InlineData("payload-array", JoseError.Malformed)]
    [InlineData("payload-string", JoseError.Malformed)]
    [InlineData("payload-not-json", JoseError.Malformed)]
    [InlineData("payload-duplicate-claim", JoseError.Malformed)]
    [InlineData("payload-trailing-garbage", JoseError.Malformed)]
    [InlineData("signature-der", JoseError.InvalidSignature)]
    [InlineData("signature-truncated", JoseError.InvalidSignature)]
    [InlineData("signature-trailing-garbage", JoseError.InvalidSignature)]
    [InlineData("signature-empty", JoseError.InvalidSignature)]
    [InlineData("signature-huge", JoseError.InvalidSignature)]
    [InlineData("signature-by-attacker", JoseError.InvalidSignature)]
    [InlineData("payload-tampered", JoseError.InvalidSignature)]
    [InlineData("rsa-signature-wrong-length", JoseError.InvalidSignature)]
    [InlineData("ps256-signed-as-rs256", JoseError.InvalidSignature)]
    public void Read_BadToken_IsRefusedWithSafeDescription(string name, JoseError expected)
    {
        string token = BadToken(name);

        JwsReadResult result = JwsReader.Read(token, s_options, Trusted);

        Assert.False(result.IsValid);
        Assert.Equal(expected, result.Error);
        Assert.False(string.IsNullOrEmpty(result.ErrorDescription));
        Assert.Null(result.Key);
        Assert.Equal(JsonValueKind.Undefined, result.Payload.ValueKind);
        foreach (string segment in token.Split('.', ' ', '\n').Where(s => s.Length >= 4))
        {
            Assert.DoesNotContain(segment, result.ErrorDescription, StringComparison.Ordinal);
        }

        foreach (string secret in new[] { "attacker", "evil", "nope", "agent-1", "rein.example" })
        {
            Assert.DoesNotContain(secret, result.ErrorDescription, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Read_AlgNone_IsUnsupportedAlgorithm()
    {
        string token = TestJws.Sign("""{"alg":"none","typ":"at+jwt"}""", Claims, key: null);

        Assert.Equal(JoseError.UnsupportedAlgorithm, JwsReader.Read(token, s_options, Trusted).Error);
    }

    [Fact]
    public void Read_HmacOnMisconfiguredAllowlist_StillNeverVerifies()
    {
        // Even if someone lists HS256 (or none), only asymmetric algorithms can verify.
        var options = new JwsReadOptions
        {
            Algorithms = FrozenSet.Create(StringComparer.Ordinal, "HS256", "none", JwsAlgorithms.RS256),
            AcceptedTypes = ["at+jwt"],
        };

        Assert.Equal(JoseError.UnsupportedAlgorithm, JwsReader.Read(BadToken("hs256-with-rsa-public-key-pem-as-secret"), options, Trusted).Error);
        Assert.Equal(JoseError.UnsupportedAlgorithm, JwsReader.Read(BadToken("alg-none"), options, Trusted).Error);
    }

    [Fact]
    public void Read_ResolverReturnsIncompatibleKey_IsInvalidKey()
    {
        string token = TestJws.Sign("""{"alg":"RS256","typ":"at+jwt","kid":"test-RS256"}""", Claims, Rs256);

        JwsReadResult result = JwsReader.Read(token, s_options, (_, _) => Es256.PublicJwk.ToVerificationKey());

        Assert.Equal(JoseError.InvalidKey, result.Error);
    }

    [Fact]
    public void Read_NoResolver_IsUnknownKey()
    {
        string token = JwtWriter.Write(Es256, "at+jwt", 0, static (_, _) => { });

        Assert.Equal(JoseError.UnknownKey, JwsReader.Read(token, s_options, resolver: null).Error);
    }

    [Fact]
    public void Read_ResolverSeesKidAndAlgOnly_FromTrustedSet()
    {
        string? seenKid = null;
        string? seenAlg = null;
        string token = BadToken("embedded-jwk-ignored");

        JwsReader.Read(token, s_options, (kid, alg) =>
        {
            seenKid = kid;
            seenAlg = alg;
            return null;
        });

        Assert.Equal("attacker", seenKid);
        Assert.Equal("ES256", seenAlg);
    }

    [Fact]
    public void Read_OversizeToken_IsRefusedBeforeDecoding()
    {
        // Not even valid base64url: size is checked first.
        string token = new('!', s_options.MaxTokenLength + 1);

        Assert.Equal(JoseError.TooLarge, JwsReader.Read(token, s_options, Trusted).Error);
    }

    [Fact]
    public void Read_LargeButAllowedToken_UsesPooledBuffersAndVerifies()
    {
        string big = new('x', 9000);
        string token = JwtWriter.Write(Rs256, "at+jwt", big, static (w, s) => w.WriteString("blob", s));

        JwsReadResult result = JwsReader.Read(token, s_options, Trusted);

        Assert.True(result.IsValid, result.ErrorDescription);
        Assert.Equal(big, result.Payload.GetProperty("blob").GetString());
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("private")]
    [InlineData("wrong-curve")]
    [InlineData("not-object")]
    public void Read_UseEmbeddedJwk_BadJwk_IsInvalidKey(string variant)
    {
        string jwk = variant switch
        {
            "private" => Encoding.UTF8.GetString(Es256.ExportPrivateJwk()),
            "wrong-curve" => TestJws.PublicJwkJson(TestKeys.For(JwsAlgorithms.ES384)),
            "not-object" => "\"key\"",
            _ => string.Empty,
        };
        string header = variant == "missing"
            ? """{"alg":"ES256","typ":"dpop+jwt"}"""
            : $$"""{"alg":"ES256","typ":"dpop+jwt","jwk":{{jwk}}}""";
        string token = TestJws.Sign(header, Claims, Es256);
        var options = new JwsReadOptions { Algorithms = JwsAlgorithms.AllAsymmetric, AcceptedTypes = ["dpop+jwt"], UseEmbeddedJwk = true };

        JwsReadResult result = JwsReader.Read(token, options, Trusted);

        Assert.Equal(JoseError.InvalidKey, result.Error);
    }

    [Fact]
    public void Read_UseEmbeddedJwk_VerifiesWithHeaderKeyNotResolver()
    {
        string token = JwtWriter.Write(Attacker, "dpop+jwt", 0, static (_, _) => { }, embedPublicJwk: true);
        var options = new JwsReadOptions { Algorithms = JwsAlgorithms.AllAsymmetric, AcceptedTypes = ["dpop+jwt"], UseEmbeddedJwk = true };

        JwsReadResult result = JwsReader.Read(token, options, (_, _) => throw new InvalidOperationException("resolver must not be used"));

        Assert.True(result.IsValid, result.ErrorDescription);
        Assert.Equal(Attacker.PublicJwk.Thumbprint, result.EmbeddedJwk?.Thumbprint);
    }

    private static string BadToken(string name)
    {
        const string Header = """{"alg":"ES256","typ":"at+jwt","kid":"test-ES256"}""";
        string good = TestJws.Sign(Header, Claims, Es256);
        string[] parts = good.Split('.');
        string attackerJwk = TestJws.PublicJwkJson(Attacker);
        return name switch
        {
            "alg-none" => TestJws.Sign("""{"alg":"none","typ":"at+jwt"}""", Claims, key: null),
            "alg-none-signed" => TestJws.Sign("""{"alg":"none","typ":"at+jwt","kid":"test-ES256"}""", Claims, Es256),
            "alg-None-mixed-case" => TestJws.Sign("""{"alg":"None","typ":"at+jwt"}""", Claims, key: null),
            "alg-es256-lowercase" => TestJws.Sign("""{"alg":"es256","typ":"at+jwt","kid":"test-ES256"}""", Claims, Es256),
            "alg-not-allowed" => TestJws.Sign("""{"alg":"ES384","typ":"at+jwt","kid":"test-ES384"}""", Claims, TestKeys.For(JwsAlgorithms.ES384)),
            "hs256-with-rsa-public-key-pem-as-secret" => TestJws.Hmac(
                """{"alg":"HS256","typ":"at+jwt","kid":"test-RS256"}""", Claims, Encoding.ASCII.GetBytes(RsaPublicPem())),
            "hs256-with-rsa-jwk-as-secret" => TestJws.Hmac(
                """{"alg":"HS256","typ":"at+jwt","kid":"test-RS256"}""", Claims, Encoding.UTF8.GetBytes(TestJws.PublicJwkJson(Rs256))),
            "alg-missing" => TestJws.Sign("""{"typ":"at+jwt","kid":"test-ES256"}""", Claims, Es256),
            "alg-not-string" => TestJws.Sign("""{"alg":["ES256"],"typ":"at+jwt","kid":"test-ES256"}""", Claims, Es256),
            "unknown-kid" => TestJws.Sign("""{"alg":"ES256","typ":"at+jwt","kid":"nope"}""", Claims, Es256),
            "embedded-jwk-ignored" => TestJws.Sign($$"""{"alg":"ES256","typ":"at+jwt","kid":"attacker","jwk":{{attackerJwk}}}""", Claims, Attacker),
            "embedded-jwk-without-kid-ignored" => TestJws.Sign($$"""{"alg":"ES256","typ":"at+jwt","jwk":{{attackerJwk}}}""", Claims, Attacker),
            "jku-ignored" => TestJws.Sign("""{"alg":"ES256","typ":"at+jwt","kid":"attacker","jku":"https://evil.example/jwks"}""", Claims, Attacker),
            "x5u-ignored" => TestJws.Sign("""{"alg":"ES256","typ":"at+jwt","kid":"attacker","x5u":"https://evil.example/cert.pem"}""", Claims, Attacker),
            "x5c-ignored" => TestJws.Sign("""{"alg":"ES256","typ":"at+jwt","kid":"attacker","x5c":["MIIBevil"]}""", Claims, Attacker),
            "rs256-naming-ec-key" => TestJws.Sign("""{"alg":"RS256","typ":"at+jwt","kid":"test-ES256"}""", Claims, Rs256),
            "es256-naming-rsa-key" => TestJws.Sign("""{"alg":"ES256","typ":"at+jwt","kid":"test-RS256"}""", Claims, Es256),
            "kid-not-string" => TestJws.Sign("""{"alg":"ES256","typ":"at+jwt","kid":{"id":"test-ES256"}}""", Claims, Es256),
            "typ-wrong" => TestJws.Sign("""{"alg":"ES256","typ":"JWT","kid":"test-ES256"}""", Claims, Es256),
            "typ-missing" => TestJws.Sign("""{"alg":"ES256","kid":"test-ES256"}""", Claims, Es256),
            "typ-not-string" => TestJws.Sign("""{"alg":"ES256","typ":1,"kid":"test-ES256"}""", Claims, Es256),
            "typ-other-token-kind" => TestJws.Sign("""{"alg":"ES256","typ":"txntoken+jwt","kid":"test-ES256"}""", Claims, Es256),
            "crit" => TestJws.Sign("""{"alg":"ES256","typ":"at+jwt","kid":"test-ES256","crit":["exp"],"exp":1}""", Claims, Es256),
            "crit-empty" => TestJws.Sign("""{"alg":"ES256","typ":"at+jwt","kid":"test-ES256","crit":[]}""", Claims, Es256),
            "b64-false" => TestJws.Sign("""{"alg":"ES256","typ":"at+jwt","kid":"test-ES256","b64":false}""", Claims, Es256),
            "jwe" => "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGe.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6jiSdiwkIr3ajwQzaBtQD_A.XFBoMYUZodetZdvTiFvSkQ",
            "two-segments" => parts[0] + "." + parts[1],
            "four-segments" => good + "." + parts[2],
            "trailing-dot" => good + ".",
            "empty" => string.Empty,
            "empty-header" => "." + parts[1] + "." + parts[2],
            "empty-payload" => parts[0] + ".." + parts[2],
            "base64-padding" => parts[0] + "=." + parts[1] + "." + parts[2],
            "base64-plus" => parts[0] + "." + parts[1] + "." + "+" + parts[2][1..],
            "base64-slash" => parts[0] + "." + parts[1] + "." + "/" + parts[2][1..],
            "base64-whitespace" => parts[0] + ". " + parts[1] + "." + parts[2],
            "base64-newline" => parts[0] + "." + parts[1][..10] + "\n" + parts[1][10..] + "." + parts[2],
            "base64-non-canonical" => NonCanonical(Header) + "." + parts[1] + "." + parts[2],
            "base64-impossible-length" => parts[0] + "." + parts[1] + new string('A', (5 - (parts[1].Length % 4)) % 4) + "." + parts[2],
            "oversize" => TestJws.Sign(Header, $$"""{"pad":"{{new string('x', 13000)}}"}""", Es256),
            "header-not-json" => TestJws.Sign("alg=ES256", Claims, Es256),
            "header-array" => TestJws.Sign("""["ES256"]""", Claims, Es256),
            "header-duplicate-alg" => TestJws.Sign("""{"alg":"ES256","typ":"at+jwt","kid":"test-ES256","alg":"ES256"}""", Claims, Es256),
            "header-duplicate-kid" => TestJws.Sign("""{"alg":"ES256","typ":"at+jwt","kid":"nope","kid":"test-ES256"}""", Claims, Es256),
            "header-trailing-comma" => TestJws.Sign("""{"alg":"ES256","typ":"at+jwt","kid":"test-ES256",}""", Claims, Es256),
            "header-invalid-utf8" => TestJws.Sign([.. "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\""u8, 0xFF, 0xFE, .. "\"}"u8], Encoding.UTF8.GetBytes(Claims), Es256),
            "header-lone-surrogate-kid" => TestJws.Sign("""{"alg":"ES256","typ":"at+jwt","kid":"\udc00"}""", Claims, Es256),
            "header-lone-surrogate-alg" => TestJws.Sign("""{"alg":"\ud800","typ":"at+jwt","kid":"test-ES256"}""", Claims, Es256),
            "header-lone-surrogate-typ" => TestJws.Sign("""{"alg":"ES256","typ":"\ud800","kid":"test-ES256"}""", Claims, Es256),
            "header-lone-surrogate-name" => TestJws.Sign("""{"alg":"ES256","typ":"at+jwt","kid":"test-ES256","\udc00":1}""", Claims, Es256),
            "payload-invalid-utf8" => TestJws.Sign(Encoding.UTF8.GetBytes(Header), [.. "{\"sub\":\""u8, 0xC0, 0x80, .. "\"}"u8], Es256),
            "payload-lone-surrogate-name" => TestJws.Sign(Header, """{"sub":"agent-1","\udc00":1}""", Es256),
            "payload-array" => TestJws.Sign(Header, """[{"sub":"agent-1"}]""", Es256),
            "payload-string" => TestJws.Sign(Header, "\"agent-1\"", Es256),
            "payload-not-json" => TestJws.Sign(Header, "sub=agent-1", Es256),
            "payload-duplicate-claim" => TestJws.Sign(Header, """{"sub":"agent-1","sub":"admin"}""", Es256),
            "payload-trailing-garbage" => TestJws.Sign(Header, Claims + "{}", Es256),
            "signature-der" => DerSigned(Header, Claims),
            "signature-truncated" => parts[0] + "." + parts[1] + "." + TestJws.B64(System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]).AsSpan(0, 62)),
            "signature-trailing-garbage" => good + "AAAA",
            "signature-empty" => parts[0] + "." + parts[1] + ".",
            "signature-huge" => parts[0] + "." + parts[1] + "." + TestJws.B64(new byte[2048]),
            "signature-by-attacker" => TestJws.Sign(Header, Claims, Attacker),
            "payload-tampered" => parts[0] + "." + TestJws.B64("""{"iss":"https://rein.example","sub":"admin","exp":4102444800}""") + "." + parts[2],
            "rsa-signature-wrong-length" => RsaWithLongSignature(),
            "ps256-signed-as-rs256" => PssRelabelled(),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown case"),
        };
    }

    private static string RsaPublicPem()
    {
        JsonElement jwk = JsonElement.Parse(TestJws.PublicJwkJson(Rs256));
        using RSA rsa = RSA.Create(new RSAParameters
        {
            Modulus = System.Buffers.Text.Base64Url.DecodeFromChars(jwk.GetProperty("n").GetString()),
            Exponent = System.Buffers.Text.Base64Url.DecodeFromChars(jwk.GetProperty("e").GetString()),
        });
        return rsa.ExportSubjectPublicKeyInfoPem();
    }

    private static string DerSigned(string header, string payload)
    {
        JsonElement jwk = JsonElement.Parse(Es256.ExportPrivateJwk());
        using ECDsa ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint
            {
                X = System.Buffers.Text.Base64Url.DecodeFromChars(jwk.GetProperty("x").GetString()),
                Y = System.Buffers.Text.Base64Url.DecodeFromChars(jwk.GetProperty("y").GetString()),
            },
            D = System.Buffers.Text.Base64Url.DecodeFromChars(jwk.GetProperty("d").GetString()),
        });
        string signingInput = TestJws.B64(header) + "." + TestJws.B64(payload);
        byte[] der = ecdsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return signingInput + "." + TestJws.B64(der);
    }

    private static string RsaWithLongSignature()
    {
        string token = TestJws.Sign("""{"alg":"RS256","typ":"at+jwt","kid":"test-RS256"}""", Claims, Rs256);
        byte[] signature = System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(token.LastIndexOf('.') + 1));
        return token[..(token.LastIndexOf('.') + 1)] + TestJws.B64([0, .. signature]);
    }

    private static string PssRelabelled()
    {
        // The trusted RS256 key's own private key, signing with PSS: the padding must not be interchangeable.
        var exported = System.Text.Json.Nodes.JsonNode.Parse(Rs256.ExportPrivateJwk())!.AsObject();
        exported.Remove("alg");
        Assert.True(JsonWebKey.TryParse(Encoding.UTF8.GetBytes(exported.ToJsonString()), out JsonWebKey? jwk, out _));
        using SigningKey pssKey = SigningKey.FromPrivateJwk(jwk, JwsAlgorithms.PS256);
        const string Header = """{"alg":"RS256","typ":"at+jwt","kid":"test-RS256"}""";
        return TestJws.Sign(Header, Claims, pssKey);
    }

    /// <summary>A base64url encoding of the header whose last character carries non-zero unused bits.</summary>
    private static string NonCanonical(string header)
    {
        string encoded = TestJws.B64(header);
        while (encoded.Length % 4 == 0)
        {
            header += " ";
            encoded = TestJws.B64(header);
        }

        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = Alphabet.IndexOf(encoded[^1], StringComparison.Ordinal);
        return encoded[..^1] + Alphabet[last | 1];
    }
}
