using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rein.Client;
using Rein.Core.Configuration;
using Rein.Jose;
using Rein.Server.Hosting;
using Xunit.Abstractions;

namespace Rein.Interop.Tests;

/// <summary>
/// DESIGN §8, third-party interop for the SSF transmitter: <c>interop/ssf/receiver.mjs</c>, a receiver written with
/// panva's jose and Node's own HTTP, discovers Rein, gets a token, creates push and poll streams, verifies, receives an
/// agent kill over both, and pauses and resumes without loss. This test starts Rein, gives the script a trigger that
/// makes Rein act (kill or enable an agent through the admin API), and asserts the script's verdict.
/// </summary>
public sealed class SsfReceiverInteropTests(ITestOutputHelper output)
{
    private const string ReceiverId = "interop-soc";
    private const string AdminId = "interop-ops";
    private static readonly NpmFolder Packages = new("ssf");

    [Fact]
    public async Task JoseReceiver_ManagesStreamsAndReceivesAgentKillOverPushAndPoll()
    {
        await Packages.EnsureInstalledAsync();
        var work = Directory.CreateTempSubdirectory("rein-ssf-interop-");
        try
        {
            using var receiverKey = SigningKey.Generate(JwsAlgorithms.ES256, ReceiverId + "-1");
            using var adminKey = SigningKey.Generate(JwsAlgorithms.ES256, AdminId + "-1");
            var receiverJwk = WritePrivateJwk(work, "receiver.jwk.json", receiverKey);
            var pushPort = FreePort();

            await using var rein = await ReinApp.StartAsync(new ReinAppOptions
            {
                Config = Config(receiverKey, adminKey, pushPort),
                DataDirectory = Path.Combine(work.FullName, "data"),
                Urls = ["http://127.0.0.1:0"],
                MinimumLogLevel = LogLevel.Warning,
            });
            await using var trigger = await Trigger.StartAsync(rein.Issuer, adminKey);

            var result = await ExternalProcess.RunAsync(
                ExternalProcess.Tool("node"), ["receiver.mjs"], Packages.Folder, TimeSpan.FromMinutes(3),
                new Dictionary<string, string>
                {
                    ["REIN_ISSUER"] = rein.Issuer,
                    ["REIN_RECEIVER_ID"] = ReceiverId,
                    ["REIN_RECEIVER_JWK"] = receiverJwk,
                    ["REIN_PUSH_PORT"] = pushPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["REIN_TRIGGER_URL"] = trigger.Url,
                    ["REIN_AGENT_PUSH"] = "interop-push-bot",
                    ["REIN_AGENT_POLL"] = "interop-poll-bot",
                    ["NO_COLOR"] = "1",
                });

            output.WriteLine(result.ToString());
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(["kill interop-push-bot", "enable interop-push-bot", "kill interop-poll-bot", "enable interop-poll-bot"], trigger.Actions);
        }
        finally
        {
            // The private JWKs live in this folder: remove it whatever happened.
            work.Delete(recursive: true);
        }
    }

    private static ReinConfig Config(SigningKey receiverKey, SigningKey adminKey, int pushPort) => new()
    {
        Tools =
        [
            new ToolConfig
            {
                Id = "tickets", Audience = "https://tickets.interop.internal", Risk = RiskTier.Medium,
                Actions = [new ActionConfig { Name = "tickets.read", Method = "GET", PathTemplate = "/tickets/{id}" }],
            },
        ],
        Agents = [.. new[] { "interop-push-bot", "interop-poll-bot" }.Select(id => new AgentConfig
        {
            Id = id, Owner = "interop@example.com", Purpose = "SSF interop subject", Environment = "test",
            Credentials = [new PrivateKeyJwtCredential { JwksJson = Jwks(SigningKey.Generate(JwsAlgorithms.ES256, id + "-1")) }],
            Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = ["tickets.read"] },
        })],
        Admins = [new AdminConfig { Id = AdminId, Credentials = [new PrivateKeyJwtCredential { JwksJson = Jwks(adminKey) }] }],
        Signals = new SignalsConfig
        {
            Receivers =
            [
                new SignalReceiverConfig
                {
                    Id = ReceiverId, RequireDpop = false, Audience = "https://soc.interop.example/ssf",
                    Credentials = [new PrivateKeyJwtCredential { JwksJson = Jwks(receiverKey) }],
                    PushEndpoints = [$"http://127.0.0.1:{pushPort}/ssf/"],
                },
            ],
        },
    };

    /// <summary>The harness endpoint the script calls to make Rein act; it uses the admin API like an operator would.</summary>
    private sealed class Trigger : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly HttpClient _admin;
        private readonly List<string> _actions = [];

        private Trigger(WebApplication app, HttpClient admin)
        {
            _app = app;
            _admin = admin;
        }

        public string Url { get; private set; } = "";

        public IReadOnlyList<string> Actions
        {
            get { lock (_actions) return [.. _actions]; }
        }

        public static async Task<Trigger> StartAsync(string issuer, SigningKey adminKey)
        {
            var client = new ReinClient(new HttpClient(), new ReinClientOptions { Issuer = new Uri(issuer), ClientId = AdminId, ClientKey = adminKey });
            var token = await client.RequestTokenAsync(resource: null, ["rein:admin"]);
            var admin = new HttpClient(client.CreateHandler(_ => ValueTask.FromResult(token.AccessToken)));
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var trigger = new Trigger(app, admin);
            app.MapPost("/trigger", async (HttpContext context) =>
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body);
                var action = body.RootElement.GetProperty("action").GetString();
                var agent = body.RootElement.GetProperty("agent").GetString();
                if (action is not ("kill" or "enable") || agent is null) return Results.BadRequest();
                using var content = new StringContent("""{"reason":"ssf interop"}""", Encoding.UTF8, "application/json");
                using var response = await admin.PostAsync(new Uri($"{issuer}/admin/v1/agents/{agent}/{action}"), content);
                lock (trigger._actions) trigger._actions.Add($"{action} {agent}");
                return Results.StatusCode((int)response.StatusCode);
            });
            await app.StartAsync();
            trigger.Url = app.Urls.First() + "/trigger";
            return trigger;
        }

        public async ValueTask DisposeAsync()
        {
            _admin.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
