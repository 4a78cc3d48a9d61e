using System.Security.Cryptography;
using System.Text.Json;
using Rein.Core.Configuration;

namespace Rein.Core.Tests.Configuration;

/// <summary>The quickstart sample loads, and its committed private keys belong to the public keys it declares.</summary>
public sealed class SampleConfigTests
{
    private static readonly string QuickstartDirectory = Path.Combine(RepositoryRoot.Find(), "samples", "quickstart");

    [Fact]
    public void Load_QuickstartSample_HasNoErrors()
    {
        var result = ConfigLoader.LoadFile(Path.Combine(QuickstartDirectory, "rein.yaml"));

        Assert.True(result.Succeeded, result.ToString());
        var config = result.Config!;
        Assert.Equal("http://127.0.0.1:5080", config.Issuer);
        Assert.Equal("tickets", Assert.Single(config.Tools).Id);
        Assert.Equal("triage-bot", Assert.Single(config.Agents).Id);
        Assert.Equal("ops", Assert.Single(config.Admins).Id);
        Assert.Equal("user", Assert.Single(config.Trust).Kind);
        var grant = Assert.Single(config.Grants);
        Assert.Equal(("alice", "triage-bot"), (grant.UserSubject, grant.Agent));
    }

    [Theory]
    [InlineData("triage-bot")]
    [InlineData("ops")]
    [InlineData("idp")]
    public void QuickstartSample_PrivateKey_MatchesDeclaredPublicKey(string clientId)
    {
        var config = ConfigLoader.LoadFile(Path.Combine(QuickstartDirectory, "rein.yaml")).Config!;
        var jwks = clientId == "idp"
            ? Assert.Single(config.Trust).JwksJson!
            : Assert.IsType<PrivateKeyJwtCredential>(Assert.Single(config.Agents.Where(agent => agent.Id == clientId).Select(agent => agent.Credentials)
                .Concat(config.Admins.Where(admin => admin.Id == clientId).Select(admin => admin.Credentials))
                .Single())).JwksJson;
        using var publicJwks = JsonDocument.Parse(jwks);
        var publicJwk = Assert.Single(publicJwks.RootElement.GetProperty("keys").EnumerateArray().ToArray());
        using var privateJwk = JsonDocument.Parse(File.ReadAllText(Path.Combine(QuickstartDirectory, $"{clientId}.private.jwk.json")));

        foreach (var member in new[] { "kty", "crv", "kid", "x", "y" })
        {
            Assert.Equal(publicJwk.GetProperty(member).GetString(), privateJwk.RootElement.GetProperty(member).GetString());
        }

        using var signer = ECDsa.Create(ToParameters(privateJwk.RootElement, includePrivate: true));
        using var verifier = ECDsa.Create(ToParameters(publicJwk, includePrivate: false));
        var data = "quickstart"u8.ToArray();
        Assert.True(verifier.VerifyData(data, signer.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
    }

    private static ECParameters ToParameters(JsonElement jwk, bool includePrivate) => new()
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = Base64Url(jwk.GetProperty("x")), Y = Base64Url(jwk.GetProperty("y")) },
        D = includePrivate ? Base64Url(jwk.GetProperty("d")) : null,
    };

    private static byte[] Base64Url(JsonElement value) =>
        System.Buffers.Text.Base64Url.DecodeFromChars(value.GetString());
}
