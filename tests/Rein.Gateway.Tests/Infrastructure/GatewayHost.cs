using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Rein.Client;
using Rein.Core.Audit;
using Rein.Core.Storage;
using Rein.Server.Hosting;

namespace Rein.Gateway.Tests.Infrastructure;

/// <summary>
/// Rein on real Kestrel on loopback in front of a real <see cref="EchoUpstream"/>, with a throw-away data directory,
/// plus the hand tools tests use: SDK clients, tokens, raw requests, the admin API and the audit store.
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    private readonly bool _ownsDirectory;
    private readonly bool _ownsUpstream;

    private GatewayHost(ReinApp app, EchoUpstream upstream, bool ownsUpstream, string dataDirectory, bool ownsDirectory, FakeTimeProvider? fakeTime)
    {
        App = app;
        Upstream = upstream;
        _ownsUpstream = ownsUpstream;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        FakeTime = fakeTime;
        Http = new HttpClient(PlainHandler());
    }

    public ReinApp App { get; }
    public EchoUpstream Upstream { get; }
    public string Issuer => App.Issuer;
    public string DataDirectory { get; }
    public FakeTimeProvider? FakeTime { get; }
    public TimeProvider Time => (TimeProvider?)FakeTime ?? TimeProvider.System;

    /// <summary>A plain client: no cookies, no redirects, no automatic trace headers.</summary>
    public HttpClient Http { get; }

    public static async Task<GatewayHost> StartAsync(HostSettings? settings = null)
    {
        settings ??= new HostSettings();
        var ownsDirectory = settings.DataDirectory is null;
        var dataDirectory = settings.DataDirectory ?? Directory.CreateTempSubdirectory("rein-gateway-tests-").FullName;
        var upstream = settings.Upstream ?? await EchoUpstream.StartAsync();
        var config = GatewayScenario.Standard(upstream.Url, $"http://127.0.0.1:{ClosedPort()}");
        if (settings.Customize is { } customize) config = customize(config);
        var fake = settings.Time;
        var app = await ReinApp.StartAsync(new ReinAppOptions
        {
            Config = config,
            DataDirectory = dataDirectory,
            Urls = settings.Urls ?? ["http://127.0.0.1:0"],
            Roles = settings.Roles,
            Store = settings.Store,
            MinimumLogLevel = settings.MinimumLogLevel,
            ConfigureServices = s =>
            {
                if (fake is not null) s.AddSingleton<TimeProvider>(fake);
                if (settings.StoreCanBreak) BreakableStore.Install(s);
                if (settings.Logs is { } logs) s.AddSingleton<ILoggerProvider>(logs);
            },
        });
        return new GatewayHost(app, upstream, settings.Upstream is null, dataDirectory, ownsDirectory, fake);
    }

    /// <summary>The handler every test client sends through: no cookie container, no redirects, no injected traceparent.</summary>
    public static SocketsHttpHandler PlainHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ActivityHeadersPropagator = null,
    };

    /// <summary>A port nothing listens on: bound once to learn a free number, then released.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public Uri ToolUrl(string tool, string path) => new(Issuer + "/tools/" + tool + path);

    // ---- agents ----

    /// <summary>The SDK for <paramref name="agentId"/> on this host's clock, with a fresh DPoP key unless given one.</summary>
    public ReinClient Client(string agentId, Rein.Jose.SigningKey? dpopKey = null) => new(Http, new ReinClientOptions
    {
        Issuer = new Uri(Issuer),
        ClientId = agentId,
        ClientKey = TestKeys.For(agentId),
        DPoPKey = dpopKey,
        TimeProvider = Time,
    });

    /// <summary>An agent with a fresh DPoP key and a DPoP-bound token for <paramref name="audience"/> and <paramref name="scopes"/>.</summary>
    public async Task<AgentCaller> AgentAsync(string agentId, string audience = GatewayScenario.TicketsAudience, params string[] scopes)
    {
        var client = Client(agentId);
        try
        {
            var token = await client.RequestTokenAsync(audience, scopes.Length == 0 ? ["tickets.read"] : scopes);
            Assert.Equal("DPoP", token.TokenType);
            return new AgentCaller(this, client, token.AccessToken);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>An agent whose DPoP key the test owns (it outlives this host: restarts).</summary>
    public async Task<AgentCaller> AgentWithKeyAsync(string agentId, Rein.Jose.SigningKey dpopKey)
    {
        var client = Client(agentId, dpopKey);
        var token = await client.RequestTokenAsync(GatewayScenario.TicketsAudience, ["tickets.read"]);
        return new AgentCaller(this, client, token.AccessToken);
    }

    /// <summary>A second token for the same agent instance (same DPoP key, same session).</summary>
    public async Task<AgentCaller> SameInstanceAsync(AgentCaller agent, string audience = GatewayScenario.TicketsAudience, params string[] scopes)
    {
        var token = await agent.Client.RequestTokenAsync(audience, scopes.Length == 0 ? ["tickets.read"] : scopes);
        var client = Client(agent.AgentId, agent.Client.DPoPKey);
        return new AgentCaller(this, client, token.AccessToken);
    }

    /// <summary>An unbound token: a client_credentials request by hand, with no DPoP proof.</summary>
    public async Task<string> BearerTokenAsync(string agentId, string audience, string scope)
    {
        using var client = Client(agentId);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = agentId,
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = client.CreateClientAssertion(Issuer),
            ["resource"] = audience,
            ["scope"] = scope,
        });
        using var response = await Http.PostAsync(new Uri(Issuer + "/oauth/token"), form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Bearer", json.RootElement.GetProperty("token_type").GetString());
        var token = json.RootElement.GetProperty("access_token").GetString()!;
        Assert.False(Jwt.Payload(token).TryGetProperty("cnf", out _));
        return token;
    }

    /// <summary>An admin session: a DPoP-bound <c>rein:admin</c> token (no resource) used through the SDK handler.</summary>
    public async Task<AdminSession> AdminAsync()
    {
        var client = Client(GatewayScenario.AdminId);
        var token = await client.RequestTokenAsync(resource: null, ["rein:admin"]);
        return new AdminSession(this, client, token.AccessToken);
    }

    // ---- requests ----

    /// <summary>Sends <paramref name="request"/> as written; <paramref name="submitted"/> must not come back.</summary>
    public async Task<WireResponse> SendAsync(HttpRequestMessage request, params string[] submitted)
    {
        using var response = await Http.SendAsync(request);
        return await WireResponse.FromAsync(response, submitted);
    }

    /// <summary>A request with exactly these <c>Authorization</c> and <c>DPoP</c> values (null: header left out).</summary>
    public Task<WireResponse> SendAsync(HttpMethod method, Uri url, string? authorization, params string[] proofs)
    {
        var request = new HttpRequestMessage(method, url);
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        foreach (var proof in proofs) request.Headers.TryAddWithoutValidation("DPoP", proof);
        var submitted = new List<string>(proofs);
        if (authorization is not null) submitted.Add(authorization[(authorization.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        return SendDisposingAsync(request, [.. submitted]);
    }

    private async Task<WireResponse> SendDisposingAsync(HttpRequestMessage request, string[] submitted)
    {
        using (request)
        {
            return await SendAsync(request, submitted);
        }
    }

    // ---- audit ----

    /// <summary>This instance's audit chain, in sequence order, once at least <paramref name="minimum"/> records match <paramref name="filter"/>.</summary>
    public async Task<IReadOnlyList<AuditRecord>> AuditChainAsync(Func<AuditRecord, bool> filter, int minimum)
    {
        var audit = App.Services.GetRequiredService<AuditLog>();
        var factory = App.Services.GetRequiredService<IDbContextFactory<ReinDbContext>>();
        // Note: the gateway writes its audit record as the request completes, which can be just after the client has
        // read the response; so wait (bounded) until the records the test caused are stored, rather than sleeping.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            await audit.FlushAsync(deadline.Token);
            var chain = (await AuditTrail.ReadAllAsync(factory, deadline.Token)).Where(r => r.ChainId == audit.ChainId).OrderBy(r => r.Sequence).ToList();
            if (chain.Count(filter) >= minimum) return chain;
            await Task.Delay(5, deadline.Token); // a poll interval, not a timing assumption
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        if (_ownsUpstream) await Upstream.DisposeAsync();
        if (_ownsDirectory) DeleteDirectory(DataDirectory);
    }

    public static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
