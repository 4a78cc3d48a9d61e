using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rein.Client;
using Rein.Core.Configuration;
using Rein.Jose;
using Rein.Server.Cli;
using Rein.Server.Hosting;

namespace Rein.Server.Tests;

/// <summary>
/// A running Rein with an IdP (a <c>trust</c> entry of kind user), an agent that acts for people, an admin whose
/// private key is on disk for the CLI, and an upstream that answers every action; optionally with Cedar policies.
/// </summary>
internal sealed class DelegationHost : IAsyncDisposable
{
    public const string Audience = "https://tickets.delegation.test";
    public const string IdpIssuer = "https://idp.delegation.test";

    private readonly DirectoryInfo _dir;
    private readonly CountingUpstream _upstream;

    private DelegationHost(DirectoryInfo dir, CountingUpstream upstream, ReinApp rein, SigningKey idp, SigningKey agent, SigningKey admin, string adminKeyFile)
    {
        _dir = dir;
        _upstream = upstream;
        Rein = rein;
        IdpKey = idp;
        AgentKey = agent;
        AdminKey = admin;
        AdminKeyFile = adminKeyFile;
    }

    public ReinApp Rein { get; }
    public SigningKey IdpKey { get; }
    public SigningKey AgentKey { get; }
    public SigningKey AdminKey { get; }
    public string AdminKeyFile { get; }

    /// <summary>Requests that reached the tool's upstream so far.</summary>
    public int UpstreamCalls => _upstream.Calls;

    public static async Task<DelegationHost> StartAsync(string? policies = null, IReadOnlyList<GrantConfig>? grants = null, string? groupsClaim = null)
    {
        var dir = Directory.CreateTempSubdirectory("rein-delegation-e2e-");
        var idp = SigningKey.Generate(JwsAlgorithms.ES256, "idp-1");
        var agent = SigningKey.Generate(JwsAlgorithms.ES256, "assistant-1");
        var admin = SigningKey.Generate(JwsAlgorithms.ES256, "ops-1");
        var adminKeyFile = Path.Combine(dir.FullName, "ops.jwk.json");
        var jwk = admin.ExportPrivateJwk();
        File.WriteAllBytes(adminKeyFile, jwk);
        CryptographicOperations.ZeroMemory(jwk);
        string? policyDir = null;
        if (policies is not null)
        {
            policyDir = Directory.CreateDirectory(Path.Combine(dir.FullName, "policies")).FullName;
            File.WriteAllText(Path.Combine(policyDir, "policies.cedar"), policies);
        }

        var upstream = await CountingUpstream.StartAsync();

        var rein = await ReinApp.StartAsync(new ReinAppOptions
        {
            Config = new ReinConfig
            {
                Policies = policyDir,
                Tools =
                [
                    new ToolConfig
                    {
                        Id = "tickets", Audience = Audience, Upstream = upstream.Url,
                        Actions =
                        [
                            new ActionConfig { Name = "tickets.read", Method = "GET", PathTemplate = "/tickets/{id}" },
                            new ActionConfig { Name = "tickets.write", Method = "POST", PathTemplate = "/tickets" },
                            new ActionConfig { Name = "tickets.delete", Method = "DELETE", PathTemplate = "/tickets/{id}", Risk = RiskTier.High, ApprovalRequired = true },
                        ],
                    },
                ],
                Agents =
                [
                    new AgentConfig
                    {
                        Id = "assistant", Credentials = [new PrivateKeyJwtCredential { JwksJson = DemoCommand.Jwks(agent) }],
                        Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = ["tickets.read", "tickets.write", "tickets.delete"] },
                    },
                ],
                Admins = [new AdminConfig { Id = "ops", Credentials = [new PrivateKeyJwtCredential { JwksJson = DemoCommand.Jwks(admin) }] }],
                Trust = [new TrustConfig { Issuer = IdpIssuer, JwksJson = DemoCommand.Jwks(idp), Audience = "rein", Kind = "user", GroupsClaim = groupsClaim }],
                Grants = grants ?? [],
            },
            DataDirectory = Path.Combine(dir.FullName, "data"),
            Urls = ["http://127.0.0.1:0"],
            MinimumLogLevel = LogLevel.Warning,
        });
        return new DelegationHost(dir, upstream, rein, idp, agent, admin, adminKeyFile);
    }

    public static GrantConfig Grant(string id, params string[] actions) => new()
    {
        Id = id, UserIssuer = IdpIssuer, UserSubject = "alice", Agent = "assistant",
        Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = actions },
        Until = DateTimeOffset.UtcNow.AddHours(1),
    };

    /// <summary>alice's token from the IdP; with <paramref name="groups"/>, listing them in its <c>groups</c> claim.</summary>
    public string PersonToken(string[]? groups = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return JwtWriter.Write(IdpKey, "JWT", (now, groups, jti: Guid.NewGuid().ToString("N")), static (w, s) =>
        {
            w.WriteString("iss"u8, IdpIssuer);
            w.WriteString("sub"u8, "alice");
            w.WriteString("aud"u8, "rein");
            w.WriteString("jti"u8, s.jti);
            w.WriteNumber("iat"u8, s.now);
            w.WriteNumber("exp"u8, s.now + 3600);
            if (s.groups is not null)
            {
                w.WriteStartArray("groups"u8);
                foreach (var group in s.groups) w.WriteStringValue(group);
                w.WriteEndArray();
            }
        });
    }

    public ReinClient Agent(HttpClient http) =>
        new(http, new ReinClientOptions { Issuer = new Uri(Rein.Issuer), ClientId = "assistant", ClientKey = AgentKey });

    public TokenExchangeRequest Exchange(params string[] scopes) => new() { SubjectToken = PersonToken(), Resource = Audience, Scopes = scopes };

    /// <summary>The rein CLI, connected to this instance as the admin client.</summary>
    public (int Exit, string Stdout, string Stderr) Cli(params string[] args) =>
        ReinProcess.Run([.. args, "--server", Rein.Issuer, "--client-id", "ops", "--key", AdminKeyFile]);

    public async ValueTask DisposeAsync()
    {
        await Rein.DisposeAsync();
        await _upstream.DisposeAsync();
        IdpKey.Dispose();
        AgentKey.Dispose();
        AdminKey.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }
}
