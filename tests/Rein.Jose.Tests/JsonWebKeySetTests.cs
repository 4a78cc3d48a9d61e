using System.Security.Cryptography;
using System.Text;

namespace Rein.Jose.Tests;

public sealed class JsonWebKeySetTests
{
    private static readonly string s_ec = TestJws.PublicJwkJson(TestKeys.For(JwsAlgorithms.ES256));
    private static readonly string s_rsa = TestJws.PublicJwkJson(TestKeys.For(JwsAlgorithms.RS256));

    [Fact]
    public void TryParse_UnsupportedKeyTypes_AreSkipped()
    {
        string json = $$"""{"keys":[{"kty":"oct","k":"c2VjcmV0"},{{s_ec}},{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},{{s_rsa}}]}""";

        Assert.True(JsonWebKeySet.TryParse(Encoding.UTF8.GetBytes(json), requirePublicKeys: true, out JsonWebKeySet? set, out string? error), error);
        Assert.Equal(2, set.Keys.Count);
        Assert.Equal("EC", set.Keys[0].KeyType);
        Assert.Equal("RSA", set.Keys[1].KeyType);
    }

    [Theory]
    [InlineData("""{"keys":{}}""")]
    [InlineData("""{"nokeys":[]}""")]
    [InlineData("""[]""")]
    [InlineData("""{"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}]}""")]
    [InlineData("""{"keys":[{"crv":"P-256"}]}""")]
    [InlineData("""{"keys":[],"keys":[]}""")]
    [InlineData("""{"keys":[1]}""")]
    [InlineData("""{"keys":[]""")]
    public void TryParse_MalformedSet_IsRefused(string json)
    {
        Assert.False(JsonWebKeySet.TryParse(Encoding.UTF8.GetBytes(json), requirePublicKeys: false, out JsonWebKeySet? set, out string? error));
        Assert.Null(set);
        Assert.NotNull(error);
    }

    [Fact]
    public void TryParse_MoreThan64Keys_IsRefused()
    {
        string json = "{\"keys\":[" + string.Join(',', Enumerable.Repeat(s_ec, 65)) + "]}";

        Assert.False(JsonWebKeySet.TryParse(Encoding.UTF8.GetBytes(json), requirePublicKeys: true, out _, out string? error));
        Assert.Equal("JWK Set has too many keys", error);
    }

    [Fact]
    public void TryParse_PrivateKeyWhenPublicRequired_IsRefused()
    {
        string privateJwk = Encoding.UTF8.GetString(SigningKey.Generate(JwsAlgorithms.ES256, "p").ExportPrivateJwk());
        byte[] json = Encoding.UTF8.GetBytes($$"""{"keys":[{{privateJwk}}]}""");

        Assert.False(JsonWebKeySet.TryParse(json, requirePublicKeys: true, out _, out string? error));
        Assert.Equal("key 0: private key members are not allowed", error);
        Assert.True(JsonWebKeySet.TryParse(json, requirePublicKeys: false, out JsonWebKeySet? set, out _));
        Assert.True(set.Keys[0].HasPrivateKey);
    }

    [Fact]
    public void TryParse_WeakRsaKey_IsRefused()
    {
        using RSA rsa = RSA.Create(1024);
        RSAParameters p = rsa.ExportParameters(false);
        string json = $$"""{"keys":[{"kty":"RSA","n":"{{TestJws.B64(p.Modulus)}}","e":"{{TestJws.B64(p.Exponent)}}"}]}""";

        Assert.False(JsonWebKeySet.TryParse(Encoding.UTF8.GetBytes(json), requirePublicKeys: true, out _, out string? error));
        Assert.Equal("key 0: RSA modulus must be odd and at least 2048 bits", error);
    }

    [Fact]
    public void Resolve_ByKidAndAlg_FindsOnlyCompatibleKey()
    {
        JsonWebKeySet set = TestKeys.SetOf(TestKeys.For(JwsAlgorithms.ES256), TestKeys.For(JwsAlgorithms.RS256));

        Assert.Equal("test-ES256", set.Resolve("test-ES256", "ES256")?.KeyId);
        Assert.Null(set.Resolve("test-ES256", "RS256"));
        Assert.Null(set.Resolve("test-RS256", "ES256"));
        Assert.Null(set.Resolve("test-RS256", "HS256"));
        Assert.Null(set.Resolve("missing", "ES256"));
    }

    [Fact]
    public void Resolve_NoKid_OnlyWhenExactlyOneKeyFits()
    {
        JsonWebKeySet one = TestKeys.SetOf(TestKeys.For(JwsAlgorithms.ES256), TestKeys.For(JwsAlgorithms.RS256));
        JsonWebKeySet two = TestKeys.SetOf(TestKeys.For(JwsAlgorithms.ES256), TestKeys.Other(JwsAlgorithms.ES256));

        Assert.Equal("test-ES256", one.Resolve(null, "ES256")?.KeyId);
        Assert.Null(two.Resolve(null, "ES256"));
        Assert.Equal("other-ES256", two.Resolve("other-ES256", "ES256")?.KeyId);
    }

    [Fact]
    public void WritePublicJwks_RoundTrips()
    {
        JsonWebKeySet set = TestKeys.SetOf(TestKeys.For(JwsAlgorithms.ES256), TestKeys.For(JwsAlgorithms.PS256));
        using var stream = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(stream))
        {
            set.WritePublicJwks(writer);
        }

        Assert.True(JsonWebKeySet.TryParse(stream.ToArray(), requirePublicKeys: true, out JsonWebKeySet? reparsed, out string? error), error);
        Assert.Equal(set.Keys.Select(k => k.Thumbprint), reparsed.Keys.Select(k => k.Thumbprint));
    }
}
