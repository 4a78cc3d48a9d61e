using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Rein.Broker.Tests.Infrastructure;

namespace Rein.Broker.Tests;

/// <summary>RFC 8414 metadata and the RFC 7517 JWKS, checked on the wire and by an independent verifier.</summary>
public sealed class DiscoveryTests(StandardBroker broker) : IClassFixture<StandardBroker>
{
    private BrokerHost Host => broker.Host;

    private async Task<WireResponse> GetAsync(Uri uri)
    {
        using var response = await Host.Http.GetAsync(uri);
        return await WireResponse.FromAsync(response, []);
    }

    [Fact]
    public async Task Metadata_NamesEveryEndpointUnderTheIssuer()
    {
        var response = await GetAsync(new Uri(Host.Issuer + "/.well-known/oauth-authorization-server"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.MediaType);
        var json = response.Json;
        Assert.Equal(Host.Issuer, json.GetProperty("issuer").GetString());
        Assert.Equal(Host.Issuer + "/oauth/token", json.GetProperty("token_endpoint").GetString());
        Assert.Equal(Host.Issuer + "/oauth/introspect", json.GetProperty("introspection_endpoint").GetString());
        Assert.Equal(Host.Issuer + "/oauth/revoke", json.GetProperty("revocation_endpoint").GetString());
        Assert.Equal(Host.Issuer + "/.well-known/jwks.json", json.GetProperty("jwks_uri").GetString());
        Assert.Contains("client_credentials", Strings(json, "grant_types_supported"));
        Assert.Contains("private_key_jwt", Strings(json, "token_endpoint_auth_methods_supported"));
        Assert.DoesNotContain("client_secret_post", Strings(json, "token_endpoint_auth_methods_supported"));
        Assert.DoesNotContain("none", Strings(json, "token_endpoint_auth_methods_supported"));
    }

    [Theory]
    [InlineData("dpop_signing_alg_values_supported")]
    [InlineData("token_endpoint_auth_signing_alg_values_supported")]
    [InlineData("introspection_endpoint_auth_signing_alg_values_supported")]
    [InlineData("revocation_endpoint_auth_signing_alg_values_supported")]
    public async Task Metadata_AlgorithmLists_AreAsymmetricOnly(string member)
    {
        var json = (await GetAsync(new Uri(Host.Issuer + "/.well-known/oauth-authorization-server"))).Json;

        var algs = Strings(json, member);
        Assert.Contains("ES256", algs);
        Assert.All(algs, alg => Assert.Matches("^(ES|RS|PS)(256|384|512)$", alg));
    }

    [Fact]
    public async Task Jwks_PublishesTheSigningKey_PublicMembersOnly()
    {
        var token = await Host.TokenAsync("bot");
        var kid = Jws.Header(token).GetProperty("kid").GetString();

        var response = await GetAsync(Host.JwksUri);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/jwk-set+json", response.MediaType);
        var keys = response.Json.GetProperty("keys").EnumerateArray().ToList();
        Assert.NotEmpty(keys);
        string[] privateMembers = ["d", "p", "q", "dp", "dq", "qi", "k", "oth"];
        foreach (var key in keys)
        {
            Assert.False(string.IsNullOrEmpty(key.GetProperty("kid").GetString()));
            Assert.Contains(key.GetProperty("kty").GetString(), new[] { "EC", "RSA" });
            foreach (var member in privateMembers) Assert.False(key.TryGetProperty(member, out _), $"JWKS key exposes '{member}'");
        }
        var signing = Assert.Single(keys, k => k.GetProperty("kid").GetString() == kid);
        Assert.Equal("EC", signing.GetProperty("kty").GetString());
        Assert.Equal("P-256", signing.GetProperty("crv").GetString());
    }

    [Fact]
    public async Task AccessToken_VerifiesWithIdentityModelAgainstThePublishedJwks()
    {
        var token = await Host.TokenAsync("bot");
        var jwks = new JsonWebKeySet((await GetAsync(Host.JwksUri)).Body);
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = Host.Issuer,
            ValidAudience = Scenario.TicketsAudience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidTypes = ["at+jwt"],
            ValidAlgorithms = ["ES256"],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
        };
        var handler = new JsonWebTokenHandler();

        var result = await handler.ValidateTokenAsync(token, parameters);

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("bot", result.Claims["sub"]);

        // The same verifier refuses the token once one payload byte changes, so the check above is not vacuous.
        var parts = token.Split('.');
        var tampered = parts[0] + "." + Jws.Encode(Jws.Payload(token).GetRawText().Replace("\"bot\"", "\"evil\"", StringComparison.Ordinal)) + "." + parts[2];
        Assert.False((await handler.ValidateTokenAsync(tampered, parameters)).IsValid);
    }

    private static List<string> Strings(JsonElement json, string member) =>
        json.GetProperty(member).EnumerateArray().Select(e => e.GetString()!).ToList();
}
