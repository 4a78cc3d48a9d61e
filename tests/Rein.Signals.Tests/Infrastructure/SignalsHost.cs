using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rein.Client;
using Rein.Core.Audit;
using Rein.Core.Configuration;
using Rein.Core.Storage;
using Rein.Jose;
using Rein.Server.Hosting;

namespace Rein.Signals.Tests.Infrastructure;

/// <summary>
/// Rein with every role on real Kestrel on loopback, in front of a real upstream, with one agent (<c>bot</c>) and the
/// transmitters a test declares; plus pushing SETs and calling tools as the agent.
/// </summary>
internal sealed class SignalsHost : IAsyncDisposable
{
    public const string TicketsAudience = "https://tickets.example.internal";
    public const string PushSecret = "Bearer push-secret-0123456789abcdef";
    private static readonly SigningKey AgentKey = SigningKey.Generate(JwsAlgorithms.ES256, "bot-key");
    private readonly bool _ownsDirectory;

    private SignalsHost(ReinApp app, Upstream upstream, string dataDirectory, bool ownsDirectory)
    {
        App = app;
        Upstream = upstream;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ActivityHeadersPropagator = null });
    }

    public ReinApp App { get; }
    public Upstream Upstream { get; }
    public string DataDirectory { get; }
    public string Issuer => App.Issuer;
    public HttpClient Http { get; }

    /// <summary>A transmitter entry: push with <see cref="PushSecret"/>, inline keys.</summary>
    public static SignalTransmitterConfig Transmitter(string id, TestTransmitter transmitter, string audience, IReadOnlyDictionary<string, string>? actions = null) => new()
    {
        Id = id,
        Issuer = transmitter.Issuer,
        JwksJson = transmitter.Jwks,
        Audience = audience,
        Push = new SignalPushConfig { Authorization = PushSecret },
        Actions = actions ?? new Dictionary<string, string>(),
    };

    public static async Task<SignalsHost> StartAsync(IReadOnlyList<SignalTransmitterConfig> transmitters, string? dataDirectory = null, Upstream? upstream = null)
    {
        var ownsDirectory = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("rein-signals-tests-").FullName;
        upstream ??= await Upstream.StartAsync();
        var app = await ReinApp.StartAsync(new ReinAppOptions
        {
            Config = Config(upstream.Url, transmitters),
            DataDirectory = dataDirectory,
            Urls = ["http://127.0.0.1:0"],
            MinimumLogLevel = LogLevel.Warning,
        });
        return new SignalsHost(app, upstream, dataDirectory, ownsDirectory);
    }

    private static ReinConfig Config(string upstream, IReadOnlyList<SignalTransmitterConfig> transmitters)
    {
        var config = new ReinConfig
        {
            Tools =
            [
                new ToolConfig
                {
                    Id = "tickets",
                    Audience = TicketsAudience,
                    Upstream = upstream,
                    Risk = RiskTier.Medium,
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
                    Id = "bot",
                    Owner = "alice@example.com",
                    Credentials = [new PrivateKeyJwtCredential { JwksJson = JsonWebKeySet.Create([AgentKey.PublicJwk]).ToPublicJson() }],
                    Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = ["tickets.read", "tickets.write"] },
                },
            ],
            Signals = new SignalsConfig { Transmitters = transmitters },
        };
        var errors = ConfigValidator.Validate(config);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.ToString())));
        return config;
    }

    /// <summary>POSTs <paramref name="set"/> to the transmitter's push endpoint the way RFC 8935 §2 says.</summary>
    public async Task<Wire> PushAsync(string transmitterId, string set, string? authorization = PushSecret, string contentType = "application/secevent+jwt")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Issuer + "/ssf/receiver/" + transmitterId));
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Content = new StringContent(set, Encoding.ASCII);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await Http.SendAsync(request);
        var wire = await Wire.FromAsync(response);
        Assert.DoesNotContain(set, wire.Body, StringComparison.Ordinal);
        if (authorization is not null) Assert.DoesNotContain(authorization, wire.Body, StringComparison.Ordinal);
        return wire;
    }

    /// <summary>The agent <c>bot</c> holding a fresh DPoP-bound token for the tickets tool.</summary>
    public async Task<Agent> AgentAsync()
    {
        var client = new ReinClient(Http, new ReinClientOptions { Issuer = new Uri(Issuer), ClientId = "bot", ClientKey = AgentKey });
        var token = await client.RequestTokenAsync(TicketsAudience, ["tickets.read", "tickets.write"]);
        return new Agent(this, client, token.AccessToken);
    }

    public async Task<IReadOnlyList<AuditRecord>> AuditAsync(string kind)
    {
        var audit = App.Services.GetRequiredService<AuditLog>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await audit.FlushAsync(deadline.Token);
        var factory = App.Services.GetRequiredService<IDbContextFactory<ReinDbContext>>();
        return [.. (await AuditTrail.ReadAllAsync(factory, deadline.Token)).Where(r => r.Kind == kind)];
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        await Upstream.DisposeAsync();
        if (_ownsDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless.
            }
        }
    }

    /// <summary>A claim of a JWT as its raw JSON text (numbers unquoted).</summary>
    public static string Claim2(string jwt, string name)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using var json = JsonDocument.Parse(Convert.FromBase64String(payload));
        return json.RootElement.GetProperty(name).GetRawText();
    }

    /// <summary>A claim of a JWT, read without verification (the test's own token).</summary>
    public static string Claim(string jwt, string name)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using var json = JsonDocument.Parse(Convert.FromBase64String(payload));
        return json.RootElement.GetProperty(name).GetString()!;
    }
}
