using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Rein.Core.Configuration;
using Rein.Jose;
using Rein.Server.Hosting;
using Xunit.Abstractions;

namespace Rein.Interop.Tests;

/// <summary>
/// DESIGN §8, third-party interop: panva's oauth4webapi, dpop and jose — a client nobody here wrote — against a real
/// Rein on loopback. The script is <c>interop/broker.mjs</c>; this test only starts Rein, hands the script its
/// configuration and asserts the script's verdict.
/// </summary>
public sealed class OAuth4WebApiInteropTests(ITestOutputHelper output)
{
    private const string AgentId = "interop-bot";
    private const string AdminId = "interop-ops";
    private const string HelperId = "interop-helper";
    private const string ToolAudience = "https://tickets.interop.internal";
    private const string IdpIssuer = "https://idp.interop.example";
    private const string User = "alice";

    [Fact]
    public async Task OAuth4WebApi_ClientCredentialsWithDPoPAndTokenExchange_InteroperatesWithRein()
    {
        await NodePackages.EnsureInstalledAsync();

        var work = Directory.CreateTempSubdirectory("rein-interop-");
        try
        {
            using var agentKey = SigningKey.Generate(JwsAlgorithms.ES256, AgentId + "-1");
            using var adminKey = SigningKey.Generate(JwsAlgorithms.ES256, AdminId + "-1");
            using var helperKey = SigningKey.Generate(JwsAlgorithms.ES256, HelperId + "-1");
            using var idpKey = SigningKey.Generate(JwsAlgorithms.ES256, "idp-1");
            var agentJwk = WritePrivateJwk(work, "agent.jwk.json", agentKey);
            var adminJwk = WritePrivateJwk(work, "admin.jwk.json", adminKey);
            var helperJwk = WritePrivateJwk(work, "helper.jwk.json", helperKey);
            var idpJwk = WritePrivateJwk(work, "idp.jwk.json", idpKey);

            await using var rein = await ReinApp.StartAsync(new ReinAppOptions
            {
                Config = Config(agentKey, adminKey, helperKey, idpKey),
                DataDirectory = Path.Combine(work.FullName, "data"),
                Urls = ["http://127.0.0.1:0"],
                MinimumLogLevel = LogLevel.Warning,
            });

            var result = await ExternalProcess.RunAsync(
                ExternalProcess.Tool("node"), ["broker.mjs"], RepoRoot.Interop, TimeSpan.FromMinutes(2),
                new Dictionary<string, string>
                {
                    ["REIN_ISSUER"] = rein.Issuer,
                    ["REIN_AGENT_ID"] = AgentId,
                    ["REIN_AGENT_JWK"] = agentJwk,
                    ["REIN_ADMIN_ID"] = AdminId,
                    ["REIN_ADMIN_JWK"] = adminJwk,
                    ["REIN_TOOL_AUDIENCE"] = ToolAudience,
                    ["REIN_SCOPE"] = "tickets.read",
                    ["REIN_HELPER_ID"] = HelperId,
                    ["REIN_HELPER_JWK"] = helperJwk,
                    ["REIN_IDP_ISSUER"] = IdpIssuer,
                    ["REIN_IDP_JWK"] = idpJwk,
                    ["REIN_USER"] = User,
                    ["NO_COLOR"] = "1",
                });

            output.WriteLine(result.ToString());
            Assert.True(result.ExitCode == 0, result.ToString());
        }
        finally
        {
            // The private JWKs live in this folder: remove it whatever happened.
            work.Delete(recursive: true);
        }
    }

    private static string WritePrivateJwk(DirectoryInfo folder, string name, SigningKey key)
    {
        var path = Path.Combine(folder.FullName, name);
        var jwk = key.ExportPrivateJwk();
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var stream = new FileStream(path, options);
            stream.Write(jwk);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(jwk);
        }
        return path;
    }

    private static ReinConfig Config(SigningKey agentKey, SigningKey adminKey, SigningKey helperKey, SigningKey idpKey) => new()
    {
        Tools =
        [
            new ToolConfig
            {
                Id = "tickets", Audience = ToolAudience, Risk = RiskTier.Medium,
                Actions =
                [
                    new ActionConfig { Name = "tickets.read", Method = "GET", PathTemplate = "/tickets/{id}" },
                    new ActionConfig { Name = "tickets.write", Method = "POST", PathTemplate = "/tickets", Risk = RiskTier.High },
                ],
            },
        ],
        Agents =
        [
            new AgentConfig
            {
                Id = AgentId, Owner = "interop@example.com", Purpose = "Third-party client interop", Environment = "test",
                Credentials = [new PrivateKeyJwtCredential { JwksJson = Jwks(agentKey) }],
                Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = ["tickets.read", "tickets.write"] },
            },
            new AgentConfig
            {
                Id = HelperId, Owner = "interop@example.com", Purpose = "Second hop of a delegation chain", Environment = "test",
                Credentials = [new PrivateKeyJwtCredential { JwksJson = Jwks(helperKey) }],
                Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = ["tickets.read"] },
            },
        ],
        Admins = [new AdminConfig { Id = AdminId, Credentials = [new PrivateKeyJwtCredential { JwksJson = Jwks(adminKey) }] }],
        Trust = [new TrustConfig { Issuer = IdpIssuer, JwksJson = Jwks(idpKey), Audience = "rein", Kind = "user", GroupsClaim = "groups" }],
        Grants = [Grant(AgentId), Grant(HelperId)],
    };

    private static GrantConfig Grant(string agent) => new()
    {
        Id = "g-" + agent,
        UserIssuer = IdpIssuer,
        UserSubject = User,
        Agent = agent,
        Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = ["tickets.read"] },
        Until = DateTimeOffset.UtcNow.AddHours(1),
    };

    private static string Jwks(SigningKey key)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            key.PublicJwk.WritePublicJwk(writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
