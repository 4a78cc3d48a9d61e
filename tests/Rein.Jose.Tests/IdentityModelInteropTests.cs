using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MsJsonWebKey = Microsoft.IdentityModel.Tokens.JsonWebKey;

namespace Rein.Jose.Tests;

/// <summary>Cross-checks against Microsoft.IdentityModel's JsonWebTokenHandler, both directions.</summary>
public sealed class IdentityModelInteropTests
{
    private const string Issuer = "https://rein.example";
    private const string Audience = "https://tickets.example";

    [Theory]
    [InlineData(JwsAlgorithms.ES256)]
    [InlineData(JwsAlgorithms.ES384)]
    [InlineData(JwsAlgorithms.ES512)]
    [InlineData(JwsAlgorithms.RS256)]
    [InlineData(JwsAlgorithms.PS256)]
    [InlineData(JwsAlgorithms.PS512)]
    public async Task JwtWriterToken_IsValidatedByJsonWebTokenHandler(string alg)
    {
        SigningKey key = TestKeys.For(alg);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string token = JwtWriter.Write(key, "at+jwt", now, static (w, iat) =>
        {
            w.WriteString("iss", Issuer);
            w.WriteString("aud", Audience);
            w.WriteString("sub", "agent-1");
            w.WriteNumber("iat", iat);
            w.WriteNumber("exp", iat + 300);
            w.WriteString("scope", "tickets.read");
        });

        // The public JWK as we publish it, read by IdentityModel's own JWK parser.
        var msKey = new MsJsonWebKey(TestJws.PublicJwkJson(key));
        var handler = new JsonWebTokenHandler();
        TokenValidationResult result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = msKey,
            ValidTypes = ["at+jwt"],
            ValidAlgorithms = [alg],
        });

        Assert.True(result.IsValid, result.Exception?.ToString());
        Assert.Equal("agent-1", result.Claims["sub"]);
        Assert.Equal(key.KeyId, ((JsonWebToken)result.SecurityToken).Kid);
    }

    [Fact]
    public async Task JwtWriterToken_TamperedPayload_IsRejectedByJsonWebTokenHandler()
    {
        SigningKey key = TestKeys.For(JwsAlgorithms.ES256);
        string token = JwtWriter.Write(key, "at+jwt", 0, static (w, _) =>
        {
            w.WriteString("iss", Issuer);
            w.WriteString("aud", Audience);
            w.WriteNumber("exp", DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 300);
        });
        string[] parts = token.Split('.');
        string tampered = parts[0] + "." + TestJws.B64($$"""{"iss":"{{Issuer}}","aud":"{{Audience}}","exp":4102444800}""") + "." + parts[2];

        TokenValidationResult result = await new JsonWebTokenHandler().ValidateTokenAsync(tampered, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = new MsJsonWebKey(TestJws.PublicJwkJson(key)),
        });

        Assert.False(result.IsValid);
    }

    [Theory]
    [InlineData(SecurityAlgorithms.EcdsaSha256)]
    [InlineData(SecurityAlgorithms.EcdsaSha384)]
    [InlineData(SecurityAlgorithms.EcdsaSha512)]
    [InlineData(SecurityAlgorithms.RsaSha256)]
    [InlineData(SecurityAlgorithms.RsaSsaPssSha256)]
    [InlineData(SecurityAlgorithms.RsaSsaPssSha384)]
    public void JsonWebTokenHandlerToken_IsReadByJwsReader(string alg)
    {
        (SecurityKey msKey, JsonWebKey ourKey, IDisposable owner) = CreateKeyPair(alg, "ms-key");
        using (owner)
        {
            DateTime now = DateTime.UtcNow;
            string token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                Audience = Audience,
                Subject = new ClaimsIdentity([new Claim("sub", "agent-1")]),
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddMinutes(5),
                TokenType = "at+jwt",
                SigningCredentials = new SigningCredentials(msKey, alg),
            });

            JwsReadResult read = JwsReader.Read(
                token,
                new JwsReadOptions { Algorithms = JwsAlgorithms.AllAsymmetric, AcceptedTypes = ["at+jwt"] },
                JsonWebKeySet.Create([ourKey]).Resolve);

            Assert.True(read.IsValid, read.ErrorDescription);
            Assert.Equal(alg, read.Algorithm);
            Assert.Equal("ms-key", read.KeyId);
            JwtClaimCheck claims = JwtClaimValidator.Validate(
                read.Payload, new JwtClaimRules { Issuer = Issuer, Audiences = [Audience], RequireIssuedAt = true }, DateTimeOffset.UtcNow);
            Assert.True(claims.IsValid, claims.Error);
            Assert.Equal("agent-1", claims.Subject);
        }
    }

    [Fact]
    public void JsonWebTokenHandlerJwk_ThumbprintMatchesOurs()
    {
        SigningKey key = TestKeys.For(JwsAlgorithms.ES256);
        var msKey = new MsJsonWebKey(TestJws.PublicJwkJson(key));

        string msThumbprint = Base64UrlEncoder.Encode(msKey.ComputeJwkThumbprint());

        Assert.Equal(key.PublicJwk.Thumbprint, msThumbprint);
    }

    private static (SecurityKey MsKey, JsonWebKey OurKey, IDisposable Owner) CreateKeyPair(string alg, string kid)
    {
        if (alg.StartsWith("ES", StringComparison.Ordinal))
        {
            ECCurve curve = alg switch
            {
                SecurityAlgorithms.EcdsaSha256 => ECCurve.NamedCurves.nistP256,
                SecurityAlgorithms.EcdsaSha384 => ECCurve.NamedCurves.nistP384,
                _ => ECCurve.NamedCurves.nistP521,
            };
            var ecdsa = ECDsa.Create(curve);
            ECParameters p = ecdsa.ExportParameters(false);
            string crv = alg switch { SecurityAlgorithms.EcdsaSha256 => "P-256", SecurityAlgorithms.EcdsaSha384 => "P-384", _ => "P-521" };
            string json = $$"""{"kty":"EC","crv":"{{crv}}","x":"{{TestJws.B64(p.Q.X)}}","y":"{{TestJws.B64(p.Q.Y)}}","kid":"{{kid}}"}""";
            Assert.True(JsonWebKey.TryParse(JsonElement.Parse(json), out JsonWebKey? ours, out string? error), error);
            return (new ECDsaSecurityKey(ecdsa) { KeyId = kid }, ours, ecdsa);
        }

        var rsa = RSA.Create(2048);
        RSAParameters r = rsa.ExportParameters(false);
        string rsaJson = $$"""{"kty":"RSA","n":"{{TestJws.B64(r.Modulus)}}","e":"{{TestJws.B64(r.Exponent)}}","kid":"{{kid}}"}""";
        Assert.True(JsonWebKey.TryParse(JsonElement.Parse(rsaJson), out JsonWebKey? rsaOurs, out string? rsaError), rsaError);
        return (new RsaSecurityKey(rsa) { KeyId = kid }, rsaOurs, rsa);
    }
}
