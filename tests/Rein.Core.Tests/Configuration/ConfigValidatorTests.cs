using Rein.Core.Configuration;

namespace Rein.Core.Tests.Configuration;

/// <summary>The validator on configurations built in code, as the admin API builds them.</summary>
public sealed class ConfigValidatorTests
{
    private static readonly string Jwks = TestJwk.Create("k1").JwksJson;

    private static ToolConfig Tickets => new()
    {
        Id = "tickets",
        Audience = "https://tickets.example.com",
        Actions = [new ActionConfig { Name = "tickets.read", Method = "GET", PathTemplate = "/tickets/{id}" }],
    };

    [Fact]
    public void Validate_ValidConfig_HasNoErrors()
    {
        var config = new ReinConfig
        {
            Tools = [Tickets],
            Agents =
            [
                new AgentConfig
                {
                    Id = "bot",
                    Credentials = [new PrivateKeyJwtCredential { JwksJson = Jwks }],
                    Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = ["tickets.read"] },
                },
            ],
        };

        Assert.Empty(ConfigValidator.Validate(config));
        Assert.Empty(ConfigValidator.Validate(ReinConfig.Empty));
    }

    [Fact]
    public void Validate_ConfigBuiltInCode_ReportsPathsWithoutPositions()
    {
        var config = new ReinConfig
        {
            Tools = [Tickets with { Id = "Tickets", SigningAlgorithm = "none" }],
            Agents =
            [
                new AgentConfig
                {
                    Id = "bot",
                    Credentials = [new PrivateKeyJwtCredential { JwksJson = """{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}""" }],
                    Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = ["tickets.read"] },
                },
            ],
        };

        var errors = ConfigValidator.Validate(config);

        Assert.All(errors, error => Assert.Equal(("", 0, 0), (error.Source, error.Line, error.Column)));
        Assert.Equal(
            [
                "tools[0].id: invalid tool id 'Tickets': use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters",
                "tools[0].signing_alg: unsupported signing_alg 'none' (expected 'ES256' or 'RS256')",
                "agents[0].credentials[0].jwks.keys[0].kty: symmetric keys (kty 'oct') are not allowed; use a public EC, RSA or OKP key",
                "agents[0].credentials[0].jwks.keys[0].k: 'k' is private key material; publish only the public key and keep the private key secret",
                "agents[0].tools.tickets: unknown tool 'tickets' (did you mean 'Tickets'?)",
            ],
            errors.Select(error => error.ToString()));
    }

    [Fact]
    public void Validate_JwksJsonNotJson_IsReported()
    {
        var config = new ReinConfig
        {
            Admins = [new AdminConfig { Id = "ops", Credentials = [new PrivateKeyJwtCredential { JwksJson = "{keys" }] }],
        };

        var error = Assert.Single(ConfigValidator.Validate(config));

        Assert.Equal("admins[0].credentials[0].jwks: is not valid JSON", error.ToString());
    }

    [Fact]
    public void Validate_ClientSecretWithoutExpiry_IsReported()
    {
        var config = new ReinConfig
        {
            Agents =
            [
                new AgentConfig
                {
                    Id = "legacy",
                    Credentials = [new ClientSecretCredential { SecretSha256 = "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU", Expires = default }],
                },
            ],
        };

        var error = Assert.Single(ConfigValidator.Validate(config));

        Assert.Equal("agents[0].credentials[0].expires", error.Path);
    }
}
