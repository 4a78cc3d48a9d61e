using System.Text;

namespace Rein.Jose.Tests;

public sealed class SigningKeyTests
{
    [Theory]
    [InlineData("ES256", "EC", 64)]
    [InlineData("ES384", "EC", 96)]
    [InlineData("ES512", "EC", 132)]
    [InlineData("RS256", "RSA", 384)]
    [InlineData("PS384", "RSA", 384)]
    public void Generate_ProducesKeyOfMatchingTypeAndSize(string alg, string kty, int signatureSize)
    {
        SigningKey key = TestKeys.For(alg);

        Assert.Equal(alg, key.Algorithm);
        Assert.Equal(kty, key.PublicJwk.KeyType);
        Assert.Equal(signatureSize, key.SignatureSize);
        Assert.Equal(alg, key.PublicJwk.Algorithm);
        Assert.False(key.PublicJwk.HasPrivateKey);
        Assert.True(key.PublicJwk.IsCompatibleWith(alg));
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("none")]
    [InlineData("EdDSA")]
    [InlineData("es256")]
    public void Generate_UnsupportedAlgorithm_Throws(string alg) =>
        Assert.Throws<ArgumentException>(() => SigningKey.Generate(alg, "k"));

    [Theory]
    [InlineData("ES256")]
    [InlineData("ES512")]
    [InlineData("RS256")]
    public void ExportPrivateJwk_FromPrivateJwk_RoundTripsAndSigns(string alg)
    {
        SigningKey original = TestKeys.For(alg);
        byte[] exported = original.ExportPrivateJwk();
        Assert.True(JsonWebKey.TryParse(exported, out JsonWebKey? jwk, out string? error), error);
        Assert.Equal(original.KeyId, jwk.KeyId);
        Assert.Equal(alg, jwk.Algorithm);

        using SigningKey imported = SigningKey.FromPrivateJwk(jwk, alg);
        Assert.Equal(original.KeyId, imported.KeyId);
        Assert.Equal(original.PublicJwk.Thumbprint, imported.PublicJwk.Thumbprint);
        byte[] signature = new byte[imported.SignatureSize];
        byte[] input = Encoding.ASCII.GetBytes("abc.def");
        Assert.Equal(imported.SignatureSize, imported.Sign(input, signature));
        Assert.True(original.PublicJwk.ToVerificationKey().Verify(alg, input, signature));
    }

    [Fact]
    public void FromPrivateJwk_Rfc7515A3Key_SignsVerifiably()
    {
        string json = $$"""{"kty":"EC","crv":"P-256","x":"{{JsonWebKeyTests.A3X}}","y":"{{JsonWebKeyTests.A3Y}}","d":"{{JsonWebKeyTests.A3D}}"}""";
        Assert.True(JsonWebKey.TryParse(Encoding.UTF8.GetBytes(json), out JsonWebKey? jwk, out _));

        using SigningKey key = SigningKey.FromPrivateJwk(jwk, JwsAlgorithms.ES256, "a3");

        Assert.Equal("a3", key.KeyId);
        Assert.Equal("a3", key.PublicJwk.KeyId);
        Assert.Equal(jwk.Thumbprint, key.PublicJwk.Thumbprint);
    }

    [Fact]
    public void FromPrivateJwk_NoKid_Throws()
    {
        string json = $$"""{"kty":"EC","crv":"P-256","x":"{{JsonWebKeyTests.A3X}}","y":"{{JsonWebKeyTests.A3Y}}","d":"{{JsonWebKeyTests.A3D}}"}""";
        Assert.True(JsonWebKey.TryParse(Encoding.UTF8.GetBytes(json), out JsonWebKey? jwk, out _));

        Assert.Throws<ArgumentException>(() => SigningKey.FromPrivateJwk(jwk, JwsAlgorithms.ES256));
    }

    [Fact]
    public void FromPrivateJwk_IncompatibleAlgorithm_Throws()
    {
        Assert.True(JsonWebKey.TryParse(TestKeys.For(JwsAlgorithms.ES256).ExportPrivateJwk(), out JsonWebKey? jwk, out _));

        Assert.Throws<ArgumentException>(() => SigningKey.FromPrivateJwk(jwk, JwsAlgorithms.ES384));
        Assert.Throws<ArgumentException>(() => SigningKey.FromPrivateJwk(jwk, JwsAlgorithms.RS256));
    }

    [Fact]
    public void FromPrivateJwk_PublicOnly_Throws() =>
        Assert.Throws<ArgumentException>(() => SigningKey.FromPrivateJwk(TestKeys.For(JwsAlgorithms.ES256).PublicJwk, JwsAlgorithms.ES256));

    [Fact]
    public void FromPrivateJwk_MismatchedPrivateKey_Throws()
    {
        // The A.3 public key with another key's d: the members do not belong together.
        string otherD = System.Text.Json.JsonDocument.Parse(TestKeys.Other(JwsAlgorithms.ES256).ExportPrivateJwk()).RootElement.GetProperty("d").GetString()!;
        string json = $$"""{"kty":"EC","crv":"P-256","x":"{{JsonWebKeyTests.A3X}}","y":"{{JsonWebKeyTests.A3Y}}","d":"{{otherD}}","kid":"m"}""";
        Assert.True(JsonWebKey.TryParse(Encoding.UTF8.GetBytes(json), out JsonWebKey? jwk, out _));

        Assert.Throws<ArgumentException>(() => SigningKey.FromPrivateJwk(jwk, JwsAlgorithms.ES256));
    }

    [Fact]
    public void Sign_DestinationTooSmall_Throws()
    {
        SigningKey key = TestKeys.For(JwsAlgorithms.ES256);

        Assert.Throws<ArgumentException>(() => key.Sign([1, 2, 3], new byte[key.SignatureSize - 1]));
    }
}
