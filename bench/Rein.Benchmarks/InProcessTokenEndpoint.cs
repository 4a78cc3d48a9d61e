using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rein.Core.Configuration;
using Rein.Jose;
using Rein.Jose.DPoP;
using Rein.Server.Hosting;

namespace Rein.Benchmarks;

/// <summary>
/// The whole <c>POST /oauth/token</c> decision without HTTP: a real <see cref="ReinApp"/> (the same host
/// <c>rein serve</c> runs, bound to a loopback port nobody calls), whose mapped token endpoint is invoked directly
/// with a <see cref="DefaultHttpContext"/>. Everything from form parsing to the JSON response runs; only Kestrel's
/// connection and HTTP/1.1 parsing are left out. Reached through public APIs only (the endpoint classes are internal).
/// </summary>
public sealed class InProcessTokenEndpoint : IAsyncDisposable
{
    public const string ClientId = "bench-agent";
    public const string Resource = "https://bench.tool.internal";
    public const string Scope = "bench.read";

    /// <summary>The person the agent acts for in token exchange benchmarks, and the audience their IdP tokens carry.</summary>
    public const string Person = "bench-person";
    public const string IdpAudience = "rein";

    private readonly ReinApp _app;
    private readonly DirectoryInfo _dataDirectory;
    private readonly RequestDelegate _token;

    private InProcessTokenEndpoint(ReinApp app, DirectoryInfo dataDirectory, RequestDelegate token)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        _token = token;
    }

    public string Issuer => _app.Issuer;

    public Uri TokenEndpoint => new(_app.Issuer + Bench.Shared.TokenRequestParts.TokenPath);

    /// <summary>The nonce the server hands out now (RFC 9449 §8).</summary>
    public string CurrentNonce() => _app.Services.GetRequiredService<DPoPNonces>().Current();

    /// <summary>
    /// Starts Rein with one tool and one agent; each of <paramref name="idps"/> (issuer → key) becomes a trusted IdP
    /// (<c>kind: user</c>) whose <see cref="Person"/> granted the agent the tool's action.
    /// </summary>
    public static async Task<InProcessTokenEndpoint> StartAsync(SigningKey agentKey, IReadOnlyDictionary<string, SigningKey>? idps = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("rein-bench-");
        var config = new ReinConfig
        {
            Tools =
            [
                new ToolConfig
                {
                    Id = "bench", Audience = Resource, Upstream = "http://127.0.0.1:9", Risk = RiskTier.Medium,
                    Actions = [new ActionConfig { Name = Scope, Method = "GET", PathTemplate = "/items/{id}" }],
                },
            ],
            Agents =
            [
                new AgentConfig
                {
                    Id = ClientId, Owner = "bench@example.com", Purpose = "Broker benchmark", Environment = "bench",
                    Credentials = [new PrivateKeyJwtCredential { JwksJson = Bench.Shared.TokenRequestParts.PublicJwks(agentKey) }],
                    Tools = new Dictionary<string, IReadOnlyList<string>> { ["bench"] = [Scope] },
                },
            ],
            Trust = (idps ?? new Dictionary<string, SigningKey>()).Select(idp => new TrustConfig
            {
                Issuer = idp.Key, JwksJson = Bench.Shared.TokenRequestParts.PublicJwks(idp.Value), Audience = IdpAudience, Kind = "user",
            }).ToList(),
            Grants = (idps ?? new Dictionary<string, SigningKey>()).Select((idp, i) => new GrantConfig
            {
                Id = $"bench-grant-{i}", UserIssuer = idp.Key, UserSubject = Person, Agent = ClientId,
                Tools = new Dictionary<string, IReadOnlyList<string>> { ["bench"] = [Scope] },
                Until = DateTimeOffset.UtcNow.AddDays(1),
            }).ToList(),
        };
        var app = await ReinApp.StartAsync(new ReinAppOptions
        {
            Config = config,
            DataDirectory = dataDirectory.FullName,
            Urls = ["http://127.0.0.1:0"],
            MinimumLogLevel = LogLevel.Warning,
        }).ConfigureAwait(false);

        var token = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == Bench.Shared.TokenRequestParts.TokenPath);
        return new InProcessTokenEndpoint(app, dataDirectory, token.RequestDelegate!);
    }

    /// <summary>Sends one token request and returns the response status.</summary>
    public async Task<int> SendAsync(string dpopProof, byte[] formBody)
    {
        var context = new DefaultHttpContext { RequestServices = _app.Services };
        var request = context.Request;
        request.Method = HttpMethods.Post;
        request.Scheme = "http";
        request.Host = new HostString(TokenEndpoint.Authority);
        request.Path = Bench.Shared.TokenRequestParts.TokenPath;
        request.ContentType = "application/x-www-form-urlencoded";
        request.ContentLength = formBody.Length;
        request.Headers["DPoP"] = dpopProof;
        request.Body = new MemoryStream(formBody, writable: false);
        await _token(context).ConfigureAwait(false);
        return context.Response.StatusCode;
    }

    /// <summary>Waits until every audit record written so far is stored (its cost belongs to the tokens that caused it).</summary>
    public Task FlushAuditAsync() => _app.Services.GetRequiredService<Rein.Core.Audit.AuditLog>().FlushAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        try
        {
            _dataDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
