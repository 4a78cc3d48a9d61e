using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Rein.Client;
using Rein.Core.Configuration;
using Rein.Jose;
using Rein.Server.Hosting;

namespace Rein.Broker.Tests.Infrastructure;

/// <summary>
/// One Rein on real Kestrel on loopback with a throw-away data directory, plus the hand tools tests use to talk to it:
/// client assertions, DPoP proofs and form posts built exactly as a test needs them.
/// </summary>
internal sealed class BrokerHost : IAsyncDisposable
{
    public const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    public const string JwtSpiffe = "urn:ietf:params:oauth:client-assertion-type:jwt-spiffe";

    private readonly bool _ownsDirectory;

    private BrokerHost(ReinApp app, string dataDirectory, bool ownsDirectory, TimeProvider time, FakeTimeProvider? fakeTime)
    {
        App = app;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        Time = time;
        FakeTime = fakeTime;
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    }

    public ReinApp App { get; }
    public string Issuer => App.Issuer;
    public Uri TokenEndpoint => new(Issuer + "/oauth/token");
    public Uri IntrospectionEndpoint => new(Issuer + "/oauth/introspect");
    public Uri RevocationEndpoint => new(Issuer + "/oauth/revoke");
    public Uri JwksUri => new(Issuer + "/.well-known/jwks.json");
    public string AdminAudience => Issuer + "/admin";
    public string DataDirectory { get; }
    public TimeProvider Time { get; }
    public FakeTimeProvider? FakeTime { get; }
    public HttpClient Http { get; }
    public long NowSeconds => Time.GetUtcNow().ToUnixTimeSeconds();

    public static async Task<BrokerHost> StartAsync(ReinConfig config, HostSettings? settings = null)
    {
        settings ??= new HostSettings();
        var ownsDirectory = settings.DataDirectory is null;
        var dataDirectory = settings.DataDirectory ?? Directory.CreateTempSubdirectory("rein-broker-tests-").FullName;
        var fake = settings.Time;
        var app = await ReinApp.StartAsync(new ReinAppOptions
        {
            Config = config,
            DataDirectory = dataDirectory,
            Urls = settings.Urls ?? ["http://127.0.0.1:0"],
            MinimumLogLevel = LogLevel.Warning,
            Broker = settings.Broker ?? new Rein.Broker.BrokerOptions(),
            ConfigureServices = fake is null ? null : s => s.AddSingleton<TimeProvider>(fake),
        });
        return new BrokerHost(app, dataDirectory, ownsDirectory, (TimeProvider?)fake ?? TimeProvider.System, fake);
    }

    // ---- client assertions (RFC 7523) ----

    public static JsonObject AssertionHeader(SigningKey key, string? typ = "JWT")
    {
        var header = new JsonObject { ["alg"] = key.Algorithm };
        if (typ is not null) header["typ"] = typ;
        header["kid"] = key.KeyId;
        return header;
    }

    /// <summary>iss = sub = the client, aud = the issuer, a fresh jti, iat now, exp in a minute.</summary>
    public JsonObject AssertionClaims(string clientId, string? audience = null) => new()
    {
        ["iss"] = clientId,
        ["sub"] = clientId,
        ["aud"] = audience ?? Issuer,
        ["jti"] = NewId(),
        ["iat"] = NowSeconds,
        ["exp"] = NowSeconds + 60,
    };

    /// <summary>A valid private_key_jwt assertion for <paramref name="clientId"/> signed with its configured key.</summary>
    public string Assertion(string clientId, SigningKey? key = null, string? audience = null)
    {
        key ??= TestKeys.For(clientId);
        return Jws.Sign(key, AssertionHeader(key), AssertionClaims(clientId, audience));
    }

    // ---- DPoP proofs (RFC 9449) ----

    public static JsonObject ProofHeader(SigningKey key) => new()
    {
        ["alg"] = key.Algorithm,
        ["typ"] = "dpop+jwt",
        ["jwk"] = TestKeys.PublicJwk(key),
    };

    public JsonObject ProofClaims(string? nonce, string method = "POST", string? htu = null)
    {
        var claims = new JsonObject
        {
            ["jti"] = NewId(),
            ["htm"] = method,
            ["htu"] = htu ?? TokenEndpoint.AbsoluteUri,
            ["iat"] = NowSeconds,
        };
        if (nonce is not null) claims["nonce"] = nonce;
        return claims;
    }

    /// <summary>A valid proof for <c>POST /oauth/token</c>.</summary>
    public string Proof(SigningKey key, string? nonce) => Jws.Sign(key, ProofHeader(key), ProofClaims(nonce));

    /// <summary>A server nonce, obtained the way a client does: a first request that is answered use_dpop_nonce.</summary>
    public async Task<string> NonceAsync()
    {
        using var key = TestKeys.Fresh("nonce-probe");
        var response = await PostFormAsync(TokenEndpoint, new Form { { "grant_type", "client_credentials" } }, [Proof(key, nonce: null)]);
        return response.Header("DPoP-Nonce") ?? throw new InvalidOperationException("no DPoP-Nonce: " + response.Body);
    }

    // ---- requests ----

    /// <summary>The client_credentials form with a client assertion.</summary>
    public static Form ClientCredentials(string? assertion, string? resource = Scenario.TicketsAudience, string? scope = "tickets.read",
        string? clientId = null, string assertionType = JwtBearer)
    {
        var form = new Form { { "grant_type", "client_credentials" } };
        if (resource is not null) form.Add("resource", resource);
        if (scope is not null) form.Add("scope", scope);
        if (clientId is not null) form.Add("client_id", clientId);
        if (assertion is not null)
        {
            form.Add("client_assertion_type", assertionType);
            form.Add("client_assertion", assertion);
        }
        return form;
    }

    public async Task<WireResponse> PostFormAsync(Uri endpoint, Form fields, IEnumerable<string>? dpop = null, string? authorization = null)
    {
        var submitted = new List<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(fields) };
        foreach (var (name, value) in fields)
        {
            if (name is "client_assertion" or "token" or "client_secret" or "subject_token" or "actor_token") submitted.Add(value);
        }
        foreach (var proof in dpop ?? [])
        {
            request.Headers.TryAddWithoutValidation("DPoP", proof);
            submitted.Add(proof);
        }
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            submitted.Add(authorization);
            submitted.Add(authorization[(authorization.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        }
        using var response = await Http.SendAsync(request);
        return await WireResponse.FromAsync(response, submitted);
    }

    /// <summary>A complete, valid token request by hand: assertion, proof with a fresh nonce.</summary>
    public async Task<WireResponse> RequestTokenAsync(string clientId, SigningKey dpopKey, string resource = Scenario.TicketsAudience, string scope = "tickets.read")
    {
        var nonce = await NonceAsync();
        return await PostFormAsync(TokenEndpoint, ClientCredentials(Assertion(clientId), resource, scope), [Proof(dpopKey, nonce)]);
    }

    /// <summary>The agent SDK for <paramref name="clientId"/>, on this host's clock.</summary>
    public ReinClient Client(string clientId, SigningKey? dpopKey = null, Func<string>? workloadToken = null) =>
        new(Http, new ReinClientOptions
        {
            Issuer = new Uri(Issuer),
            ClientId = clientId,
            ClientKey = workloadToken is null ? TestKeys.For(clientId) : null,
            WorkloadToken = workloadToken,
            DPoPKey = dpopKey,
            TimeProvider = Time,
        });

    /// <summary>A token obtained through the SDK.</summary>
    public async Task<string> TokenAsync(string clientId, string resource = Scenario.TicketsAudience, string scope = "tickets.read")
    {
        using var client = Client(clientId);
        return (await client.RequestTokenAsync(resource, [scope])).AccessToken;
    }

    public Task<WireResponse> IntrospectAsync(string token, string asClient = Scenario.AdminId) =>
        PostFormAsync(IntrospectionEndpoint, new Form
        {
            { "token", token },
            { "client_assertion_type", JwtBearer },
            { "client_assertion", Assertion(asClient) },
        });

    public Task<WireResponse> RevokeAsync(string token, string asClient, string? hint = null)
    {
        var form = new Form
        {
            { "token", token },
            { "client_assertion_type", JwtBearer },
            { "client_assertion", Assertion(asClient) },
        };
        if (hint is not null) form.Add("token_type_hint", hint);
        return PostFormAsync(RevocationEndpoint, form);
    }

    /// <summary>An admin session: a DPoP-bound rein:admin token and an HttpClient that sends it with proofs.</summary>
    public async Task<AdminSession> AdminAsync()
    {
        var client = Client(Scenario.AdminId);
        var token = await client.RequestTokenAsync(AdminAudience, ["rein:admin"]);
        return new AdminSession(this, client, token.AccessToken);
    }

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public static string Basic(string clientId, string secret) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret)));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
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

/// <summary>An admin client holding a DPoP-bound admin token.</summary>
internal sealed class AdminSession(BrokerHost host, ReinClient client, string token) : IDisposable
{
    private readonly HttpClient _http = new(client.CreateHandler(_ => ValueTask.FromResult(token)));

    public string Token => token;

    public async Task<WireResponse> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(host.Issuer + path));
        return await WireResponse.FromAsync(response, [token]);
    }

    public async Task<WireResponse> PostJsonAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await _http.PostAsync(new Uri(host.Issuer + path), content);
        return await WireResponse.FromAsync(response, [token]);
    }

    public void Dispose()
    {
        _http.Dispose();
        client.Dispose();
    }
}
