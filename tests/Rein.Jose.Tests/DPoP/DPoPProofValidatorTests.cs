using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Rein.Jose.DPoP;

namespace Rein.Jose.Tests.DPoP;

public sealed class DPoPProofValidatorTests
{
    private const string Rfc9449Jkt = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

    // RFC 9449 §4.1 figure 2 (token request) and §7.1 figure 13 (resource request), RFC 8792 folding undone.
    private const string Rfc9449Figure2 =
        "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19"
        + ".eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ"
        + ".2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg";

    private const string Rfc9449Figure13 =
        "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19"
        + ".eyJqdGkiOiJlMWozVl9iS2ljOC1MQUVCIiwiaHRtIjoiR0VUIiwiaHR1IjoiaHR0cHM6Ly9yZXNvdXJjZS5leGFtcGxlLm9yZy9wcm90ZWN0ZWRyZXNvdXJjZSIsImlhdCI6MTU2MjI2MjYxOCwiYXRoIjoiZlVIeU8ycjJaM0RaNTNFc05yV0JiMHhXWG9hTnk1OUlpS0NBcWtzbVFFbyJ9"
        + ".2oW9RP35yRqzhrtNP86L-Ey71EOptxRimPPToA1plemAgR6pxHF8y6-yqyVnmcw6Fy1dqd-jfxSYoMxhAJpLjA";

    private const string Rfc9449AccessToken = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";

    private static readonly Uri s_tokenEndpoint = new("https://server.example.com/token");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private static SigningKey Key => TestKeys.For(JwsAlgorithms.ES256);

    private long NowSeconds => _time.GetUtcNow().ToUnixTimeSeconds();

    [Theory]
    [InlineData(JwsAlgorithms.ES256)]
    [InlineData(JwsAlgorithms.ES384)]
    [InlineData(JwsAlgorithms.ES512)]
    [InlineData(JwsAlgorithms.RS256)]
    [InlineData(JwsAlgorithms.PS256)]
    public void Validate_WrittenProof_IsValid(string alg)
    {
        SigningKey key = TestKeys.For(alg);
        string proof = DPoPProofWriter.Create(key, "POST", s_tokenEndpoint, null, null, _time.GetUtcNow());

        DPoPResult result = Validator().Validate(proof, "POST", s_tokenEndpoint, null, null);

        Assert.True(result.IsValid, result.Description);
        Assert.Equal(string.Empty, result.Error);
        Assert.Equal(key.PublicJwk.Thumbprint, result.Thumbprint);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds(), result.IssuedAt.ToUnixTimeSeconds());
        Assert.NotNull(result.JwtId);
        Assert.True(result.JwtId.Length >= 16);
    }

    [Fact]
    public void Validate_Rfc9449Figure2_IsValidWithPublishedThumbprint()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1562262616 + 10));

        DPoPResult result = Validator(time).Validate(Rfc9449Figure2, "POST", s_tokenEndpoint, null, null);

        Assert.True(result.IsValid, result.Description);
        Assert.Equal(Rfc9449Jkt, result.Thumbprint);
        Assert.Equal("-BwC3ESc6acc2lTc", result.JwtId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1562262616), result.IssuedAt);
    }

    [Fact]
    public void Validate_Rfc9449Figure13_WithItsAccessToken_IsValid()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1562262618));

        DPoPResult result = Validator(time).Validate(
            Rfc9449Figure13, "GET", new Uri("https://resource.example.org/protectedresource"), Rfc9449AccessToken, null);

        Assert.True(result.IsValid, result.Description);
        Assert.Equal(Rfc9449Jkt, result.Thumbprint);
    }

    [Fact]
    public void Validate_Rfc9449Figure13_WithAnotherAccessToken_IsAthMismatch()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1562262618));

        DPoPResult result = Validator(time).Validate(
            Rfc9449Figure13, "GET", new Uri("https://resource.example.org/protectedresource"), Rfc9449AccessToken + "x", null);

        Assert.Equal("invalid_dpop_proof", result.Error);
        Assert.Equal("DPoP proof ath does not match the access token", result.Description);
    }

    [Fact]
    public void Validate_Rfc9449Figure2_LongAfterItsIat_IsStale()
    {
        DPoPResult result = Validator().Validate(Rfc9449Figure2, "POST", s_tokenEndpoint, null, null);

        Assert.Equal("DPoP proof is too old", result.Description);
    }

    [Theory]
    [InlineData("missing", "DPoP proof is missing")]
    [InlineData("private-key-in-jwk", "DPoP proof jwk must be a supported public key matching alg")]
    [InlineData("jwk-missing", "DPoP proof jwk must be a supported public key matching alg")]
    [InlineData("jwk-wrong-curve", "DPoP proof jwk must be a supported public key matching alg")]
    [InlineData("jwk-symmetric", "DPoP proof jwk must be a supported public key matching alg")]
    [InlineData("signed-by-other-key", "DPoP proof signature is invalid")]
    [InlineData("typ-jwt", "DPoP proof typ must be dpop+jwt")]
    [InlineData("typ-missing", "DPoP proof typ must be dpop+jwt")]
    [InlineData("typ-at+jwt", "DPoP proof typ must be dpop+jwt")]
    [InlineData("alg-hs256", "DPoP proof algorithm is not allowed")]
    [InlineData("alg-none", "DPoP proof algorithm is not allowed")]
    [InlineData("alg-rs384-not-configured", "DPoP proof algorithm is not allowed")]
    [InlineData("crit", "DPoP proof has unsupported critical headers")]
    [InlineData("oversize", "DPoP proof is too large")]
    [InlineData("not-a-jws", "DPoP proof is malformed")]
    [InlineData("jti-missing", "DPoP proof jti is missing or invalid")]
    [InlineData("jti-empty", "DPoP proof jti is missing or invalid")]
    [InlineData("jti-not-string", "DPoP proof jti is missing or invalid")]
    [InlineData("jti-too-long", "DPoP proof jti is missing or invalid")]
    [InlineData("htm-wrong", "DPoP proof htm does not match the request method")]
    [InlineData("htm-lowercase", "DPoP proof htm does not match the request method")]
    [InlineData("htm-missing", "DPoP proof htm does not match the request method")]
    [InlineData("htu-wrong-host", "DPoP proof htu does not match the request URI")]
    [InlineData("htu-wrong-path", "DPoP proof htu does not match the request URI")]
    [InlineData("htu-wrong-scheme", "DPoP proof htu does not match the request URI")]
    [InlineData("htu-wrong-port", "DPoP proof htu does not match the request URI")]
    [InlineData("htu-relative", "DPoP proof htu does not match the request URI")]
    [InlineData("htu-userinfo", "DPoP proof htu does not match the request URI")]
    [InlineData("htu-not-string", "DPoP proof htu does not match the request URI")]
    [InlineData("htu-missing", "DPoP proof htu does not match the request URI")]
    [InlineData("iat-missing", "DPoP proof iat is missing or not a NumericDate")]
    [InlineData("iat-string", "DPoP proof iat is missing or not a NumericDate")]
    [InlineData("iat-stale", "DPoP proof is too old")]
    [InlineData("iat-future", "DPoP proof is issued in the future")]
    [InlineData("jti-lone-surrogate", "DPoP proof jti is missing or invalid")]
    [InlineData("htm-lone-surrogate", "DPoP proof htm does not match the request method")]
    [InlineData("htu-lone-surrogate", "DPoP proof htu does not match the request URI")]
    [InlineData("jwk-kty-lone-surrogate", "DPoP proof jwk must be a supported public key matching alg")]
    [InlineData("ath-missing", "DPoP proof ath is missing")]
    [InlineData("ath-mismatch", "DPoP proof ath does not match the access token")]
    [InlineData("ath-not-string", "DPoP proof ath is missing")]
    public void Validate_BadProof_IsInvalidDPoPProof(string name, string description)
    {
        (string? proof, string method, Uri uri, string? accessToken) = BadProof(name);

        DPoPResult result = Validator().Validate(proof, method, uri, accessToken, null);

        Assert.False(result.IsValid);
        Assert.Equal("invalid_dpop_proof", result.Error);
        Assert.Equal(description, result.Description);
        Assert.Null(result.Thumbprint);
    }

    [Fact]
    public void Validate_ReplayedJti_IsRefused()
    {
        DPoPProofValidator validator = Validator();
        string proof = DPoPProofWriter.Create(Key, "POST", s_tokenEndpoint, null, null, _time.GetUtcNow());
        Assert.True(validator.Validate(proof, "POST", s_tokenEndpoint, null, null).IsValid);

        _time.Advance(TimeSpan.FromSeconds(10));
        DPoPResult replay = validator.Validate(proof, "POST", s_tokenEndpoint, null, null);

        Assert.Equal("invalid_dpop_proof", replay.Error);
        Assert.Equal("DPoP proof has been used before", replay.Description);
    }

    [Fact]
    public void Validate_RefusedProof_DoesNotBurnItsJti()
    {
        DPoPProofValidator validator = Validator();
        string proof = DPoPProofWriter.Create(Key, "POST", s_tokenEndpoint, null, null, _time.GetUtcNow());

        Assert.False(validator.Validate(proof, "GET", s_tokenEndpoint, null, null).IsValid);
        Assert.True(validator.Validate(proof, "POST", s_tokenEndpoint, null, null).IsValid);
    }

    [Fact]
    public void Validate_SameJtiFromAnotherKey_IsNotAReplay()
    {
        DPoPProofValidator validator = Validator();
        string claims = $$"""{"jti":"shared","htm":"POST","htu":"https://server.example.com/token","iat":{{NowSeconds}}}""";

        Assert.True(validator.Validate(Craft(Key, claims), "POST", s_tokenEndpoint, null, null).IsValid);
        Assert.True(validator.Validate(Craft(TestKeys.Other(JwsAlgorithms.ES256), claims), "POST", s_tokenEndpoint, null, null).IsValid);
        Assert.False(validator.Validate(Craft(Key, claims), "POST", s_tokenEndpoint, null, null).IsValid);
    }

    [Fact]
    public void Validate_NonceRequiredButMissing_IsUseDPoPNonce()
    {
        DPoPNonces nonces = Nonces();
        string proof = DPoPProofWriter.Create(Key, "POST", s_tokenEndpoint, null, null, _time.GetUtcNow());

        DPoPResult result = Validator().Validate(proof, "POST", s_tokenEndpoint, null, nonces);

        Assert.Equal("use_dpop_nonce", result.Error);
        Assert.Equal("DPoP nonce is required", result.Description);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("")]
    public void Validate_InvalidNonce_IsUseDPoPNonce(string nonce)
    {
        string proof = DPoPProofWriter.Create(Key, "POST", s_tokenEndpoint, null, nonce, _time.GetUtcNow());

        DPoPResult result = Validator().Validate(proof, "POST", s_tokenEndpoint, null, Nonces());

        Assert.Equal("use_dpop_nonce", result.Error);
        Assert.Equal("DPoP nonce is invalid or expired", result.Description);
    }

    [Fact]
    public void Validate_NonceLoneSurrogate_IsUseDPoPNonce()
    {
        string claims = $$"""{"jti":"j","htm":"POST","htu":"https://server.example.com/token","iat":{{NowSeconds}},"nonce":"\ud800"}""";

        DPoPResult result = Validator().Validate(Craft(Key, claims), "POST", s_tokenEndpoint, null, Nonces());

        Assert.Equal("use_dpop_nonce", result.Error);
    }

    [Fact]
    public void Validate_NonceNotAString_IsUseDPoPNonce()
    {
        string claims = $$"""{"jti":"j","htm":"POST","htu":"https://server.example.com/token","iat":{{NowSeconds}},"nonce":42}""";

        DPoPResult result = Validator().Validate(Craft(Key, claims), "POST", s_tokenEndpoint, null, Nonces());

        Assert.Equal("use_dpop_nonce", result.Error);
    }

    [Fact]
    public void Validate_CurrentOrPreviousNonce_IsValid_OlderIsUseDPoPNonce()
    {
        DPoPNonces nonces = Nonces();
        DPoPProofValidator validator = Validator();
        string nonce = nonces.Current();

        string fresh = DPoPProofWriter.Create(Key, "POST", s_tokenEndpoint, null, nonce, _time.GetUtcNow());
        Assert.True(validator.Validate(fresh, "POST", s_tokenEndpoint, null, nonces).IsValid);

        _time.Advance(TimeSpan.FromMinutes(1));
        string previous = DPoPProofWriter.Create(Key, "POST", s_tokenEndpoint, null, nonce, _time.GetUtcNow());
        Assert.True(validator.Validate(previous, "POST", s_tokenEndpoint, null, nonces).IsValid);

        _time.Advance(TimeSpan.FromMinutes(1));
        string expired = DPoPProofWriter.Create(Key, "POST", s_tokenEndpoint, null, nonce, _time.GetUtcNow());
        DPoPResult result = validator.Validate(expired, "POST", s_tokenEndpoint, null, nonces);
        Assert.Equal("use_dpop_nonce", result.Error);
    }

    [Fact]
    public void Validate_NonceCheckedAfterProofChecks_BadProofIsInvalidDPoPProof()
    {
        string proof = DPoPProofWriter.Create(Key, "GET", s_tokenEndpoint, null, null, _time.GetUtcNow());

        DPoPResult result = Validator().Validate(proof, "POST", s_tokenEndpoint, null, Nonces());

        Assert.Equal("invalid_dpop_proof", result.Error);
    }

    [Fact]
    public void Validate_AccessTokenBound_AthMatches_IsValid()
    {
        Uri resource = new("https://gateway.example/tools/tickets/1");
        string proof = DPoPProofWriter.Create(Key, "GET", resource, "the-access-token", null, _time.GetUtcNow());

        Assert.True(Validator().Validate(proof, "GET", resource, "the-access-token", null).IsValid);
    }

    [Fact]
    public void Validate_AthPresentWithoutAccessToken_IsIgnored()
    {
        string proof = DPoPProofWriter.Create(Key, "POST", s_tokenEndpoint, "some-token", null, _time.GetUtcNow());

        Assert.True(Validator().Validate(proof, "POST", s_tokenEndpoint, null, null).IsValid);
    }

    [Fact]
    public void Validate_ResourceOverload_WithTheTokenHash_IsValid()
    {
        const string resource = "https://gateway.example/tools/tickets/1";
        string proof = DPoPProofWriter.Create(Key, "GET", new Uri(resource), "the-access-token", null, _time.GetUtcNow());

        DPoPResult result = Validator().Validate(proof, "GET", resource, Sha256("the-access-token"), null);

        Assert.True(result.IsValid, result.Description);
        Assert.Equal(Key.PublicJwk.Thumbprint, result.Thumbprint);
    }

    [Fact]
    public void Validate_Rfc9449Figure13_ResourceOverload_IsValid_AnotherTokenHashIsAthMismatch()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1562262618));
        const string resource = "https://resource.example.org/protectedresource";

        DPoPResult other = Validator(time).Validate(Rfc9449Figure13, "GET", resource, Sha256(Rfc9449AccessToken + "x"), null);
        DPoPResult own = Validator(time).Validate(Rfc9449Figure13, "GET", resource, Sha256(Rfc9449AccessToken), null);

        Assert.Equal("DPoP proof ath does not match the access token", other.Description);
        Assert.True(own.IsValid, own.Description);
    }

    [Fact]
    public void Validate_ResourceOverload_NoAth_IsRefused()
    {
        const string resource = "https://gateway.example/tools/tickets/1";
        string proof = DPoPProofWriter.Create(Key, "GET", new Uri(resource), null, null, _time.GetUtcNow());

        DPoPResult result = Validator().Validate(proof, "GET", resource, Sha256("the-access-token"), null);

        Assert.Equal("DPoP proof ath is missing", result.Description);
    }

    [Fact]
    public void Validate_ResourceOverload_HashNotSha256Sized_Throws()
    {
        string proof = DPoPProofWriter.Create(Key, "GET", new Uri("https://gateway.example/a"), "t", null, _time.GetUtcNow());

        Assert.Throws<ArgumentException>(() => Validator().Validate(proof, "GET", "https://gateway.example/a", new byte[31], null));
    }

    [Fact]
    public void Validate_ResourceOverload_KeptTargetDoesNotLeakToAnotherUri()
    {
        DPoPProofValidator validator = Validator();
        string forA = DPoPProofWriter.Create(Key, "GET", new Uri("https://gateway.example/tools/a/1"), "t", null, _time.GetUtcNow());
        string alsoForA = DPoPProofWriter.Create(Key, "GET", new Uri("https://gateway.example/tools/a/1"), "t", null, _time.GetUtcNow());

        Assert.True(validator.Validate(forA, "GET", "https://gateway.example/tools/a/1", Sha256("t"), null).IsValid);
        DPoPResult atB = validator.Validate(alsoForA, "GET", "https://gateway.example/tools/b/1", Sha256("t"), null);
        DPoPResult viaUri = validator.Validate(alsoForA, "GET", new Uri("https://gateway.example/tools/b/1"), "t", null);

        Assert.Equal("DPoP proof htu does not match the request URI", atB.Description);
        Assert.Equal("DPoP proof htu does not match the request URI", viaUri.Description);
        Assert.True(validator.Validate(alsoForA, "GET", "https://gateway.example/tools/a/1", Sha256("t"), null).IsValid);
    }

    [Fact]
    public void Validate_ResourceOverload_UnacceptableRequestUri_RefusesEveryHtu()
    {
        string proof = DPoPProofWriter.Create(Key, "GET", new Uri("https://gateway.example/a"), "t", null, _time.GetUtcNow());

        DPoPResult result = Validator().Validate(proof, "GET", "https://user@gateway.example/a", Sha256("t"), null);

        Assert.Equal("DPoP proof htu does not match the request URI", result.Description);
    }

    [Fact]
    public void Validate_KeyAlreadyCached_ProofSignedByAnotherKeyWithThatJwk_IsRefused()
    {
        SigningKey owner = TestKeys.For(JwsAlgorithms.ES256);
        SigningKey attacker = TestKeys.Other(JwsAlgorithms.ES256);
        string claims = $$"""{"jti":"k1","htm":"POST","htu":"https://server.example.com/token","iat":{{NowSeconds}}}""";
        string header = $$"""{"typ":"dpop+jwt","alg":"ES256","jwk":{{TestJws.PublicJwkJson(owner)}}}""";
        DPoPProofValidator validator = Validator();

        // The owner's key is imported and kept by a first, genuine proof; the forgery carries the very same jwk text.
        Assert.True(validator.Validate(Craft(owner, claims, header), "POST", s_tokenEndpoint, null, null).IsValid);
        DPoPResult forged = validator.Validate(TestJws.Sign(header, claims.Replace("k1", "k2", StringComparison.Ordinal), attacker), "POST", s_tokenEndpoint, null, null);

        Assert.Equal("DPoP proof signature is invalid", forged.Description);
    }

    [Theory]
    [InlineData("https://server.example.com/token", "https://server.example.com/token?code=1#frag")]
    [InlineData("https://server.example.com/token?a=b", "https://server.example.com/token")]
    [InlineData("https://server.example.com/token#x", "https://server.example.com/token")]
    [InlineData("HTTPS://SERVER.Example.COM/token", "https://server.example.com/token")]
    [InlineData("https://server.example.com:443/token", "https://server.example.com/token")]
    [InlineData("https://server.example.com:/token", "https://server.example.com/token")]
    [InlineData("http://server.example.com:80/token", "http://server.example.com/token")]
    [InlineData("https://server.example.com", "https://server.example.com/")]
    [InlineData("https://server.example.com/a%7eb", "https://server.example.com/a~b")]
    [InlineData("https://server.example.com/a%2fb", "https://server.example.com/a%2Fb")]
    [InlineData("https://server.example.com/%41pi", "https://server.example.com/Api")]
    [InlineData("https://server.example.com/a/./b/../token", "https://server.example.com/a/token")]
    [InlineData("https://server.example.com:8443/token", "https://server.example.com:8443/token")]
    [InlineData("https://[::1]:8443/token", "https://[::1]:8443/token")]
    public void Validate_EquivalentHtu_IsValid(string htu, string requestUri)
    {
        string claims = $$"""{"jti":"j","htm":"GET","htu":"{{htu}}","iat":{{NowSeconds}}}""";

        DPoPResult result = Validator().Validate(Craft(Key, claims), "GET", new Uri(requestUri), null, null);

        Assert.True(result.IsValid, result.Description);
    }

    [Fact]
    public void Constructor_OnlySymmetricAlgorithms_Throws()
    {
        var options = new DPoPOptions { Algorithms = System.Collections.Frozen.FrozenSet.Create("HS256") };

        Assert.Throws<ArgumentException>(() => new DPoPProofValidator(options, new ReplayCache(_time), _time));
    }

    [Fact]
    public void Create_HtuHasNoQueryOrFragment()
    {
        string proof = DPoPProofWriter.Create(Key, "GET", new Uri("https://Gateway.example:443/tools/x?secret=1#f"), null, "n1", _time.GetUtcNow());
        var payload = System.Text.Json.JsonElement.Parse(Base64Url.DecodeFromChars(proof.Split('.')[1]));

        Assert.Equal("https://gateway.example/tools/x", payload.GetProperty("htu").GetString());
        Assert.Equal("n1", payload.GetProperty("nonce").GetString());
        Assert.False(payload.TryGetProperty("ath", out _));
    }

    private static byte[] Sha256(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token));

    private DPoPProofValidator Validator() => Validator(_time);

    private static DPoPProofValidator Validator(TimeProvider time) => new(new DPoPOptions(), new ReplayCache(time), time);

    private DPoPNonces Nonces() => new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), _time, TimeSpan.FromMinutes(1));

    private static string Craft(SigningKey key, string claims, string? header = null)
    {
        header ??= $$"""{"typ":"dpop+jwt","alg":"{{key.Algorithm}}","jwk":{{TestJws.PublicJwkJson(key)}}}""";
        return TestJws.Sign(header, claims, key);
    }

    private (string? Proof, string Method, Uri Uri, string? AccessToken) BadProof(string name)
    {
        long now = NowSeconds;
        string good = $$"""{"jti":"j1","htm":"POST","htu":"https://server.example.com/token","iat":{{now}}}""";
        string jwk = TestJws.PublicJwkJson(Key);
        string Proof(string claims) => Craft(Key, claims);
        string ath = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes("token-a")));

        return name switch
        {
            "missing" => (null, "POST", s_tokenEndpoint, null),
            "private-key-in-jwk" => (Craft(Key, good, $$"""{"typ":"dpop+jwt","alg":"ES256","jwk":{{Encoding.UTF8.GetString(Key.ExportPrivateJwk())}}}"""), "POST", s_tokenEndpoint, null),
            "jwk-missing" => (Craft(Key, good, """{"typ":"dpop+jwt","alg":"ES256"}"""), "POST", s_tokenEndpoint, null),
            "jwk-wrong-curve" => (Craft(Key, good, $$"""{"typ":"dpop+jwt","alg":"ES256","jwk":{{TestJws.PublicJwkJson(TestKeys.For(JwsAlgorithms.ES384))}}}"""), "POST", s_tokenEndpoint, null),
            "jwk-symmetric" => (Craft(Key, good, """{"typ":"dpop+jwt","alg":"ES256","jwk":{"kty":"oct","k":"c2VjcmV0"}}"""), "POST", s_tokenEndpoint, null),
            "signed-by-other-key" => (Craft(TestKeys.Other(JwsAlgorithms.ES256), good, $$"""{"typ":"dpop+jwt","alg":"ES256","jwk":{{jwk}}}"""), "POST", s_tokenEndpoint, null),
            "typ-jwt" => (Craft(Key, good, $$"""{"typ":"jwt","alg":"ES256","jwk":{{jwk}}}"""), "POST", s_tokenEndpoint, null),
            "typ-missing" => (Craft(Key, good, $$"""{"alg":"ES256","jwk":{{jwk}}}"""), "POST", s_tokenEndpoint, null),
            "typ-at+jwt" => (Craft(Key, good, $$"""{"typ":"at+jwt","alg":"ES256","jwk":{{jwk}}}"""), "POST", s_tokenEndpoint, null),
            "alg-hs256" => (TestJws.Hmac($$"""{"typ":"dpop+jwt","alg":"HS256","jwk":{{jwk}}}""", good, Encoding.UTF8.GetBytes(jwk)), "POST", s_tokenEndpoint, null),
            "alg-none" => (TestJws.Sign($$"""{"typ":"dpop+jwt","alg":"none","jwk":{{jwk}}}""", good, key: null), "POST", s_tokenEndpoint, null),
            "alg-rs384-not-configured" => (Craft(TestKeys.For(JwsAlgorithms.RS384), good), "POST", s_tokenEndpoint, null),
            "crit" => (Craft(Key, good, $$"""{"typ":"dpop+jwt","alg":"ES256","jwk":{{jwk}},"crit":["x"],"x":1}"""), "POST", s_tokenEndpoint, null),
            "oversize" => (Proof($$"""{"jti":"j1","htm":"POST","htu":"https://server.example.com/token","iat":{{now}},"pad":"{{new string('p', 3000)}}"}"""), "POST", s_tokenEndpoint, null),
            "not-a-jws" => ("not.a.jws", "POST", s_tokenEndpoint, null),
            "jti-missing" => (Proof($$"""{"htm":"POST","htu":"https://server.example.com/token","iat":{{now}}}"""), "POST", s_tokenEndpoint, null),
            "jti-empty" => (Proof($$"""{"jti":"","htm":"POST","htu":"https://server.example.com/token","iat":{{now}}}"""), "POST", s_tokenEndpoint, null),
            "jti-not-string" => (Proof($$"""{"jti":1,"htm":"POST","htu":"https://server.example.com/token","iat":{{now}}}"""), "POST", s_tokenEndpoint, null),
            "jti-too-long" => (Proof($$"""{"jti":"{{new string('j', 257)}}","htm":"POST","htu":"https://server.example.com/token","iat":{{now}}}"""), "POST", s_tokenEndpoint, null),
            "htm-wrong" => (Proof(good), "GET", s_tokenEndpoint, null),
            "htm-lowercase" => (Proof($$"""{"jti":"j1","htm":"post","htu":"https://server.example.com/token","iat":{{now}}}"""), "POST", s_tokenEndpoint, null),
            "htm-missing" => (Proof($$"""{"jti":"j1","htu":"https://server.example.com/token","iat":{{now}}}"""), "POST", s_tokenEndpoint, null),
            "htu-wrong-host" => (Proof(good), "POST", new Uri("https://evil.example.com/token"), null),
            "htu-wrong-path" => (Proof(good), "POST", new Uri("https://server.example.com/token2"), null),
            "htu-wrong-scheme" => (Proof(good), "POST", new Uri("http://server.example.com/token"), null),
            "htu-wrong-port" => (Proof(good), "POST", new Uri("https://server.example.com:8443/token"), null),
            "htu-relative" => (Proof($$"""{"jti":"j1","htm":"POST","htu":"/token","iat":{{now}}}"""), "POST", s_tokenEndpoint, null),
            "htu-userinfo" => (Proof($$"""{"jti":"j1","htm":"POST","htu":"https://user@server.example.com/token","iat":{{now}}}"""), "POST", s_tokenEndpoint, null),
            "htu-not-string" => (Proof($$"""{"jti":"j1","htm":"POST","htu":["https://server.example.com/token"],"iat":{{now}}}"""), "POST", s_tokenEndpoint, null),
            "htu-missing" => (Proof($$"""{"jti":"j1","htm":"POST","iat":{{now}}}"""), "POST", s_tokenEndpoint, null),
            "iat-missing" => (Proof("""{"jti":"j1","htm":"POST","htu":"https://server.example.com/token"}"""), "POST", s_tokenEndpoint, null),
            "iat-string" => (Proof($$"""{"jti":"j1","htm":"POST","htu":"https://server.example.com/token","iat":"{{now}}"}"""), "POST", s_tokenEndpoint, null),
            "iat-stale" => (Proof($$"""{"jti":"j1","htm":"POST","htu":"https://server.example.com/token","iat":{{now - 301}}}"""), "POST", s_tokenEndpoint, null),
            "iat-future" => (Proof($$"""{"jti":"j1","htm":"POST","htu":"https://server.example.com/token","iat":{{now + 6}}}"""), "POST", s_tokenEndpoint, null),
            "jti-lone-surrogate" => (Proof($$"""{"jti":"\udc00","htm":"POST","htu":"https://server.example.com/token","iat":{{now}}}"""), "POST", s_tokenEndpoint, null),
            "htm-lone-surrogate" => (Proof($$"""{"jti":"j1","htm":"\udc00","htu":"https://server.example.com/token","iat":{{now}}}"""), "POST", s_tokenEndpoint, null),
            "htu-lone-surrogate" => (Proof($$"""{"jti":"j1","htm":"POST","htu":"https://server.example.com/\udc00","iat":{{now}}}"""), "POST", s_tokenEndpoint, null),
            "jwk-kty-lone-surrogate" => (Craft(Key, good, """{"typ":"dpop+jwt","alg":"ES256","jwk":{"kty":"\udc00"}}"""), "POST", s_tokenEndpoint, null),
            "ath-missing" => (Proof(good), "POST", s_tokenEndpoint, "token-a"),
            "ath-mismatch" => (Proof($$"""{"jti":"j1","htm":"POST","htu":"https://server.example.com/token","iat":{{now}},"ath":"{{ath}}"}"""), "POST", s_tokenEndpoint, "token-b"),
            "ath-not-string" => (Proof($$"""{"jti":"j1","htm":"POST","htu":"https://server.example.com/token","iat":{{now}},"ath":1}"""), "POST", s_tokenEndpoint, "token-a"),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown case"),
        };
    }
}
