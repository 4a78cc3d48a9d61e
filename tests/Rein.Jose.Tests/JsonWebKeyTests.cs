using System.Text;

namespace Rein.Jose.Tests;

public sealed class JsonWebKeyTests
{
    // RFC 7638 §3.1: the RSA key of RFC 7517 appendix A.1 and its SHA-256 thumbprint.
    private const string Rfc7638N =
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknj"
        + "hMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQv"
        + "RL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

    private const string Rfc7638Thumbprint = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

    // RFC 7515 appendix A.3.1: the P-256 key.
    internal const string A3X = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
    internal const string A3Y = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
    internal const string A3D = "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI";

    // RFC 9449 §4.1 figure 2: the proof key and (figures 8 and 9) its thumbprint.
    private const string Rfc9449X = "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs";
    private const string Rfc9449Y = "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA";
    private const string Rfc9449Jkt = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

    [Fact]
    public void Thumbprint_Rfc7638Example_MatchesPublishedValue()
    {
        string json = $$"""{"kty":"RSA","n":"{{Rfc7638N}}","e":"AQAB","alg":"RS256","kid":"2011-04-29"}""";

        Assert.True(JsonWebKey.TryParse(Encoding.UTF8.GetBytes(json), out JsonWebKey? key, out string? error), error);
        Assert.Equal(Rfc7638Thumbprint, key.Thumbprint);
        Assert.Equal("RSA", key.KeyType);
        Assert.Equal("2011-04-29", key.KeyId);
        Assert.Equal("RS256", key.Algorithm);
        Assert.False(key.HasPrivateKey);
    }

    [Fact]
    public void Thumbprint_Rfc9449ProofKey_MatchesPublishedJkt()
    {
        string json = $$"""{"kty":"EC","x":"{{Rfc9449X}}","y":"{{Rfc9449Y}}","crv":"P-256"}""";

        Assert.True(JsonWebKey.TryParse(TestJws.Json(json), out JsonWebKey? key, out string? error), error);
        Assert.Equal(Rfc9449Jkt, key.Thumbprint);
        Assert.Equal("P-256", key.Curve);
    }

    [Fact]
    public void Thumbprint_IgnoresOptionalMembersAndOrder()
    {
        Assert.True(JsonWebKey.TryParse(TestJws.Json($$"""{"y":"{{A3Y}}","crv":"P-256","x":"{{A3X}}","kty":"EC"}"""), out JsonWebKey? a, out _));
        Assert.True(JsonWebKey.TryParse(TestJws.Json($$"""{"kty":"EC","crv":"P-256","x":"{{A3X}}","y":"{{A3Y}}","kid":"k","use":"sig","alg":"ES256"}"""), out JsonWebKey? b, out _));

        Assert.Equal(a.Thumbprint, b.Thumbprint);
    }

    [Fact]
    public void Thumbprint_GeneratedKey_RoundTripsThroughPublicJwk()
    {
        foreach (string alg in new[] { JwsAlgorithms.ES256, JwsAlgorithms.ES384, JwsAlgorithms.ES512, JwsAlgorithms.RS256 })
        {
            SigningKey key = TestKeys.For(alg);
            Assert.True(JsonWebKey.TryParse(Encoding.UTF8.GetBytes(TestJws.PublicJwkJson(key)), out JsonWebKey? reparsed, out string? error), error);
            Assert.Equal(key.PublicJwk.Thumbprint, reparsed.Thumbprint);
            Assert.Equal(key.KeyId, reparsed.KeyId);
            Assert.Equal(alg, reparsed.Algorithm);
        }
    }

    [Fact]
    public void WritePublicJwk_PrivateKey_NeverWritesPrivateMembers()
    {
        string json = $$"""{"kty":"EC","crv":"P-256","x":"{{A3X}}","y":"{{A3Y}}","d":"{{A3D}}","kid":"a3"}""";
        Assert.True(JsonWebKey.TryParse(TestJws.Json(json), out JsonWebKey? key, out _));
        Assert.True(key.HasPrivateKey);

        string written = TestJws.PublicJwkJson(key);

        Assert.Equal($$"""{"kty":"EC","crv":"P-256","x":"{{A3X}}","y":"{{A3Y}}","kid":"a3"}""", written);
        Assert.DoesNotContain(A3D, written, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ES256", "P-256", true)]
    [InlineData("ES384", "P-256", false)]
    [InlineData("ES512", "P-256", false)]
    [InlineData("RS256", "P-256", false)]
    [InlineData("PS256", "P-256", false)]
    [InlineData("HS256", "P-256", false)]
    [InlineData("none", "P-256", false)]
    [InlineData("ES384", "P-384", true)]
    [InlineData("ES256", "P-384", false)]
    [InlineData("ES512", "P-521", true)]
    [InlineData("ES256", "P-521", false)]
    public void IsCompatibleWith_EcKey_MatchesCurveToAlgorithm(string alg, string curve, bool expected)
    {
        string kid = curve switch { "P-256" => "ES256", "P-384" => "ES384", _ => "ES512" };
        JsonWebKey jwk = TestKeys.For(kid).PublicJwk;
        JsonWebKey withoutAlg = Reparse(TestJws.PublicJwkJson(jwk).Replace($",\"alg\":\"{kid}\"", string.Empty, StringComparison.Ordinal));
        Assert.Equal(curve, withoutAlg.Curve);

        Assert.Equal(expected, withoutAlg.IsCompatibleWith(alg));
        Assert.Equal(expected, withoutAlg.ToVerificationKey().IsCompatibleWith(alg));
    }

    [Theory]
    [InlineData("RS256", true)]
    [InlineData("RS384", true)]
    [InlineData("RS512", true)]
    [InlineData("PS256", true)]
    [InlineData("PS384", true)]
    [InlineData("PS512", true)]
    [InlineData("ES256", false)]
    [InlineData("HS256", false)]
    [InlineData("none", false)]
    public void IsCompatibleWith_RsaKeyWithoutAlg_AcceptsEveryRsaAlgorithm(string alg, bool expected)
    {
        JsonWebKey key = Reparse($$"""{"kty":"RSA","n":"{{Rfc7638N}}","e":"AQAB"}""");

        Assert.Equal(expected, key.IsCompatibleWith(alg));
    }

    [Fact]
    public void IsCompatibleWith_KeyAlgSet_OnlyThatAlgorithm()
    {
        JsonWebKey key = Reparse($$"""{"kty":"RSA","n":"{{Rfc7638N}}","e":"AQAB","alg":"PS256"}""");

        Assert.True(key.IsCompatibleWith("PS256"));
        Assert.False(key.IsCompatibleWith("RS256"));
    }

    [Fact]
    public void IsCompatibleWith_EncryptionKey_IsNeverCompatible()
    {
        JsonWebKey enc = Reparse($$"""{"kty":"EC","crv":"P-256","x":"{{A3X}}","y":"{{A3Y}}","use":"enc"}""");
        JsonWebKey ops = Reparse($$"""{"kty":"EC","crv":"P-256","x":"{{A3X}}","y":"{{A3Y}}","key_ops":["encrypt"]}""");

        Assert.False(enc.IsCompatibleWith("ES256"));
        Assert.False(ops.IsCompatibleWith("ES256"));
    }

    public static TheoryData<string, string> InvalidJwks => new()
    {
        { "not an object", "[]" },
        { "no kty", $$"""{"crv":"P-256","x":"{{A3X}}","y":"{{A3Y}}"}""" },
        { "kty not a string", """{"kty":1}""" },
        { "duplicate member", $$"""{"kty":"EC","crv":"P-256","x":"{{A3X}}","y":"{{A3Y}}","x":"{{A3X}}"}""" },
        { "missing y", $$"""{"kty":"EC","crv":"P-256","x":"{{A3X}}"}""" },
        { "short x", $$"""{"kty":"EC","crv":"P-256","x":"{{A3X[..^2]}}","y":"{{A3Y}}"}""" },
        { "padded x", $$"""{"kty":"EC","crv":"P-256","x":"{{A3X}}=","y":"{{A3Y}}"}""" },
        { "standard base64 alphabet", $$"""{"kty":"EC","crv":"P-256","x":"{{A3X.Replace('_', '/')}}","y":"{{A3Y.Replace('_', '/')}}"}""" },
        { "point not on curve", $$"""{"kty":"EC","crv":"P-256","x":"{{A3X}}","y":"{{A3X}}"}""" },
        { "P-384 size coordinates on P-256", $$"""{"kty":"EC","crv":"P-256","x":"{{new string('A', 64)}}","y":"{{new string('A', 64)}}"}""" },
        { "short d", $$"""{"kty":"EC","crv":"P-256","x":"{{A3X}}","y":"{{A3Y}}","d":"AQAB"}""" },
        { "kid not a string", $$"""{"kty":"EC","crv":"P-256","x":"{{A3X}}","y":"{{A3Y}}","kid":7}""" },
        { "key_ops not an array", $$"""{"kty":"EC","crv":"P-256","x":"{{A3X}}","y":"{{A3Y}}","key_ops":"sign"}""" },
        { "rsa 1024", $$"""{"kty":"RSA","n":"{{Rfc7638N[..171]}}","e":"AQAB"}""" },
        { "rsa leading zero", $$"""{"kty":"RSA","n":"AA{{Rfc7638N}}","e":"AQAB"}""" },
        { "rsa exponent 1", $$"""{"kty":"RSA","n":"{{Rfc7638N}}","e":"AQ"}""" },
        { "rsa even exponent", $$"""{"kty":"RSA","n":"{{Rfc7638N}}","e":"AQAC"}""" },
        { "rsa huge exponent", $$"""{"kty":"RSA","n":"{{Rfc7638N}}","e":"AQABAQAB"}""" },
        { "rsa no e", $$"""{"kty":"RSA","n":"{{Rfc7638N}}"}""" },
        { "rsa partial crt", $$"""{"kty":"RSA","n":"{{Rfc7638N}}","e":"AQAB","d":"AQAB","p":"AQAB"}""" },
        { "rsa crt without d", $$"""{"kty":"RSA","n":"{{Rfc7638N}}","e":"AQAB","p":"AQAB","q":"AQAB","dp":"AQAB","dq":"AQAB","qi":"AQAB"}""" },
        { "rsa multi-prime", $$"""{"kty":"RSA","n":"{{Rfc7638N}}","e":"AQAB","oth":[]}""" },
        { "non-canonical trailing bits", $$"""{"kty":"RSA","n":"{{Rfc7638N[..^1]}}x","e":"AQAB"}""" },
        { "kty lone surrogate", """{"kty":"\udc00"}""" },
        { "name lone surrogate", $$"""{"kty":"EC","crv":"P-256","x":"{{A3X}}","y":"{{A3Y}}","\udc00":1}""" },
        { "key_ops lone surrogate", $$"""{"kty":"EC","crv":"P-256","x":"{{A3X}}","y":"{{A3Y}}","key_ops":["\udc00"]}""" },
        { "unsupported kty", """{"kty":"oct","k":"AQAB"}""" },
        { "unsupported curve", $$"""{"kty":"EC","crv":"secp256k1","x":"{{A3X}}","y":"{{A3Y}}"}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidJwks))]
    public void TryParse_InvalidOrUnsupportedJwk_IsRefusedWithSafeError(string name, string json)
    {
        Assert.False(JsonWebKey.TryParse(Encoding.UTF8.GetBytes(json), out JsonWebKey? key, out string? error), name);
        Assert.Null(key);
        Assert.False(string.IsNullOrEmpty(error));
        Assert.DoesNotContain(A3X, error, StringComparison.Ordinal);
        Assert.DoesNotContain("AQAB", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Oversized_IsRefused()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"kty\":\"EC\",\"pad\":\"" + new string('a', JsonWebKey.MaxJsonLength) + "\"}");

        Assert.False(JsonWebKey.TryParse(json, out _, out string? error));
        Assert.Equal("JWK is too large", error);
    }

    [Fact]
    public void HasPrivateKey_AnyRsaPrivateMember_IsTrue()
    {
        byte[] exported = SigningKey.Generate(JwsAlgorithms.RS256, "r").ExportPrivateJwk();

        Assert.True(JsonWebKey.TryParse(exported, out JsonWebKey? key, out string? error), error);
        Assert.True(key.HasPrivateKey);
    }

    [Fact]
    public void ToVerificationKey_IsCachedAndSurvivesDispose()
    {
        JsonWebKey jwk = TestKeys.For(JwsAlgorithms.ES256).PublicJwk;
        VerificationKey first = jwk.ToVerificationKey();
        first.Dispose();

        Assert.Same(first, jwk.ToVerificationKey());
        string token = JwtWriter.Write(TestKeys.For(JwsAlgorithms.ES256), "JWT", 0, static (w, _) => w.WriteString("sub", "x"));
        JwsReadResult result = JwsReader.Read(token, new() { Algorithms = JwsAlgorithms.AllAsymmetric, AcceptedTypes = [] }, (_, _) => first);
        Assert.True(result.IsValid);
        Assert.Equal(jwk.Thumbprint, first.Thumbprint);
        Assert.Equal("EC", first.KeyType);
        Assert.Equal(jwk.KeyId, first.KeyId);
    }

    private static JsonWebKey Reparse(string json)
    {
        Assert.True(JsonWebKey.TryParse(Encoding.UTF8.GetBytes(json), out JsonWebKey? key, out string? error), error);
        return key;
    }
}
