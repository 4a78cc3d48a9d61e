using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rein.Client;
using Rein.Core.Configuration;
using Rein.Jose;
using Rein.Server.Hosting;
using Rein.Signals.Events;
using Rein.Signals.Transmitter;

namespace Rein.Signals.Tests.Transmitter.Infrastructure;

/// <summary>
/// Rein with every role on real Kestrel on loopback, a throw-away data directory and a <see cref="LoopbackReceiver"/>
/// that the configured SSF receivers may push to; plus the hand tools the transmitter tests use.
/// </summary>
internal sealed class SignalsHost : IAsyncDisposable
{
    public const string Soc = "soc";
    public const string BearerSoc = "soc-bearer";
    public const string OtherSoc = "other-soc";
    public const string PollOnly = "poll-only";
    public const string ReadOnlySoc = "soc-reader";
    public const string Admin = "ops";
    public const string ToolAudience = "https://tickets.signals.internal";

    public static readonly string[] Agents = ["bot-a", "bot-b", "bot-c", "bot-d", "bot-e", "bot-f", "bot-g", "bot-h"];

    private readonly bool _ownsDirectory;
    private readonly bool _ownsReceiver;

    private SignalsHost(ReinApp app, LoopbackReceiver receiver, bool ownsReceiver, string dataDirectory, bool ownsDirectory)
    {
        App = app;
        Receiver = receiver;
        _ownsReceiver = ownsReceiver;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ActivityHeadersPropagator = null });
    }

    public ReinApp App { get; }
    public LoopbackReceiver Receiver { get; }
    public string DataDirectory { get; }
    public string Issuer => App.Issuer;
    public HttpClient Http { get; }

    /// <summary>Fast retries, a short poll redelivery window: tests wait for outcomes, never for the clock.</summary>
    public static TransmitterOptions TestOptions { get; } = new()
    {
        RetryBase = TimeSpan.FromMilliseconds(5),
        RetryCap = TimeSpan.FromMilliseconds(40),
        LongPollTimeout = TimeSpan.FromSeconds(15),
        PollRedelivery = TimeSpan.FromMinutes(10),
        MinVerificationInterval = TimeSpan.FromSeconds(30),
    };

    public static async Task<SignalsHost> StartAsync(string? dataDirectory = null, LoopbackReceiver? receiver = null,
        TransmitterOptions? options = null, Func<ReinConfig, ReinConfig>? customize = null, string? store = null)
    {
        var ownsDirectory = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("rein-signals-tests-").FullName;
        var ownsReceiver = receiver is null;
        receiver ??= await LoopbackReceiver.StartAsync();
        var config = Config(receiver.Url + "/events/");
        if (customize is not null) config = customize(config);
        var app = await ReinApp.StartAsync(new ReinAppOptions
        {
            Config = config,
            DataDirectory = dataDirectory,
            Store = store,
            Urls = ["http://127.0.0.1:0"],
            MinimumLogLevel = LogLevel.Warning,
            ConfigureServices = s => s.AddSingleton(options ?? TestOptions),
        });
        return new SignalsHost(app, receiver, ownsReceiver, dataDirectory, ownsDirectory);
    }

    public static ReinConfig Config(string pushPrefix) => new()
    {
        Tools =
        [
            new ToolConfig
            {
                // The upstream is never reached: the tests only use calls the gateway refuses.
                Id = "tickets", Audience = ToolAudience, Risk = RiskTier.Medium, Upstream = "http://127.0.0.1:9",
                Actions = [new ActionConfig { Name = "tickets.read", Method = "GET", PathTemplate = "/tickets/{id}" }],
            },
        ],
        Agents = [.. Agents.Select(id => new AgentConfig
        {
            Id = id, Owner = "alice@example.com", Purpose = "signals tests", Environment = "test",
            Credentials = [new PrivateKeyJwtCredential { JwksJson = TestKeys.Jwks(TestKeys.For(id)) }],
            Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = ["tickets.read"] },
        })],
        Admins = [new AdminConfig { Id = Admin, Credentials = [Credential(Admin)] }],
        Signals = new SignalsConfig
        {
            Receivers =
            [
                new SignalReceiverConfig { Id = Soc, Credentials = [Credential(Soc)], Audience = "https://soc.example.com/ssf", PushEndpoints = [pushPrefix], MaxStreams = 5 },
                new SignalReceiverConfig { Id = BearerSoc, Credentials = [Credential(BearerSoc)], RequireDpop = false, PushEndpoints = [pushPrefix] },
                new SignalReceiverConfig { Id = OtherSoc, Credentials = [Credential(OtherSoc)], PushEndpoints = [pushPrefix] },
                new SignalReceiverConfig { Id = PollOnly, Credentials = [Credential(PollOnly)], SigningAlgorithm = "RS256" },
                new SignalReceiverConfig { Id = ReadOnlySoc, Credentials = [Credential(ReadOnlySoc)], PushEndpoints = [pushPrefix] },
            ],
        },
    };

    private static PrivateKeyJwtCredential Credential(string id) => new() { JwksJson = TestKeys.Jwks(TestKeys.For(id)) };

    public ReinClient Client(string clientId) => new(Http, new ReinClientOptions
    {
        Issuer = new Uri(Issuer),
        ClientId = clientId,
        ClientKey = TestKeys.For(clientId),
    });

    /// <summary>A receiver with a token for the management API: DPoP-bound unless <paramref name="dpop"/> is false.</summary>
    public async Task<ReceiverSession> ReceiverAsync(string id, string scope = "ssf.manage", bool dpop = true)
    {
        var client = Client(id);
        if (dpop)
        {
            var token = await client.RequestTokenAsync(Issuer + "/ssf", scope.Split(' '));
            Assert.Equal("DPoP", token.TokenType);
            return new ReceiverSession(this, client, token.AccessToken, new HttpClient(client.CreateHandler(_ => ValueTask.FromResult(token.AccessToken),
                new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ActivityHeadersPropagator = null })));
        }
        var bearer = await BearerTokenAsync(client, scope, Issuer + "/ssf");
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ActivityHeadersPropagator = null });
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        return new ReceiverSession(this, client, bearer, http);
    }

    /// <summary>A client_credentials request by hand with no DPoP proof; returns the unbound token.</summary>
    public async Task<string> BearerTokenAsync(ReinClient client, string scope, string? resource)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = client.CreateClientAssertion(Issuer),
            ["scope"] = scope,
        };
        if (resource is not null) form["resource"] = resource;
        using var content = new FormUrlEncodedContent(form);
        using var response = await Http.PostAsync(new Uri(Issuer + "/oauth/token"), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>An admin calling the admin API with a DPoP-bound <c>rein:admin</c> token.</summary>
    public async Task<HttpClient> AdminAsync()
    {
        var client = Client(Admin);
        var token = await client.RequestTokenAsync(resource: null, ["rein:admin"]);
        return new HttpClient(client.CreateHandler(_ => ValueTask.FromResult(token.AccessToken),
            new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ActivityHeadersPropagator = null }));
    }

    public async Task AdminPostAsync(string path, string json)
    {
        using var admin = await AdminAsync();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await admin.PostAsync(new Uri(Issuer + path), content);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public Task KillAsync(string agent, string reason = "signals test: kill") =>
        AdminPostAsync($"/admin/v1/agents/{agent}/kill", JsonSerializer.Serialize(new { reason }));

    public Task EnableAsync(string agent) => AdminPostAsync($"/admin/v1/agents/{agent}/enable", """{"reason":"signals test: enable"}""");

    /// <summary>Verifies a SET against the issuer's published JWKS (typ secevent+jwt, ES256/RS256) and returns its payload.</summary>
    public async Task<JsonElement> VerifySetAsync(string set)
    {
        var jwks = await Http.GetByteArrayAsync(new Uri(Issuer + "/.well-known/jwks.json"));
        Assert.True(JsonWebKeySet.TryParse(jwks, requirePublicKeys: true, out var keys, out var error), error);
        var read = JwsReader.Read(set, new JwsReadOptions
        {
            Algorithms = new[] { JwsAlgorithms.ES256, JwsAlgorithms.RS256 }.ToFrozenSet(StringComparer.Ordinal),
            AcceptedTypes = [SecurityEventTypes.TokenType],
        }, (kid, alg) => keys!.Keys.FirstOrDefault(k => k.KeyId == kid)?.ToVerificationKey());
        Assert.True(read.IsValid, read.ErrorDescription);
        return read.Payload.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        if (_ownsReceiver) await Receiver.DisposeAsync();
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
}
