using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rein.Client;
using Rein.Core.Configuration;
using Rein.Jose;
using Rein.Server.Hosting;
using Rein.Signals.Receiver;

// rein-signalsbench [iterations]: time to contain through the SSF receiver, one process, loopback only.
// Per iteration: a fresh agent session (new DPoP key) with a token that is served once; then
//   signal:   push a signed CAEP session-revoked SET for that session → 202, then the session's next call → 401;
//   baseline: the same session kill through the admin API (POST /admin/v1/revocations {"subject":"sid:…"}).
//   calling:  the signal again for another session that keeps calling while the push is processed: push sent → the
//             first 401 (which may come before the 202: the receiver applies a revocation before its commit).
// Reported: push sent → first 401 (end to end, after the 202), the same while calling, SET receipt → index applied
// (the rein.signals.time_to_contain metric), and the baseline's revocation call sent → first 401. Each loop is
// bounded by its iteration count.
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
const int Warmup = 30;
const string Audience = "https://tickets.bench.internal";
const string IdpIssuer = "https://idp.bench.internal/";
const string ReceiverAudience = "urn:rein:bench:ssf-receiver";
var pushSecret = "Bearer " + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

using var agentKey = SigningKey.Generate(JwsAlgorithms.ES256, "bench-agent-1");
using var adminKey = SigningKey.Generate(JwsAlgorithms.ES256, "bench-admin-1");
using var idpKey = SigningKey.Generate(JwsAlgorithms.ES256, "bench-idp-1");
string Jwks(SigningKey key) => JsonWebKeySet.Create([key.PublicJwk]).ToPublicJson();

var upstreamBuilder = WebApplication.CreateSlimBuilder();
upstreamBuilder.WebHost.UseUrls("http://127.0.0.1:0");
upstreamBuilder.Logging.ClearProviders();
await using var upstream = upstreamBuilder.Build();
upstream.Run(context => context.Response.WriteAsync("ok"));
await upstream.StartAsync();

var data = Directory.CreateTempSubdirectory("rein-signalsbench-");
try
{
    await using var rein = await ReinApp.StartAsync(new ReinAppOptions
    {
        DataDirectory = data.FullName,
        Urls = ["http://127.0.0.1:0"],
        MinimumLogLevel = LogLevel.Warning,
        Config = new ReinConfig
        {
            Tools = [new ToolConfig
            {
                Id = "tickets", Audience = Audience, Upstream = upstream.Urls.First(), Risk = RiskTier.Medium,
                Actions = [new ActionConfig { Name = "tickets.read", Method = "GET", PathTemplate = "/tickets/{id}" }],
            }],
            Agents = [new AgentConfig
            {
                Id = "bench-agent", Credentials = [new PrivateKeyJwtCredential { JwksJson = Jwks(agentKey) }],
                Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = ["tickets.read"] },
            }],
            Admins = [new AdminConfig { Id = "bench-admin", Credentials = [new PrivateKeyJwtCredential { JwksJson = Jwks(adminKey) }] }],
            Signals = new SignalsConfig
            {
                Transmitters = [new SignalTransmitterConfig
                {
                    Id = "bench-idp", Issuer = IdpIssuer, JwksJson = Jwks(idpKey), Audience = ReceiverAudience,
                    Push = new SignalPushConfig { Authorization = pushSecret },
                }],
            },
        },
    });

    using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false });
    var toolUrl = new Uri(rein.Issuer + "/tools/tickets/tickets/1");
    var pushUrl = new Uri(rein.Issuer + "/ssf/receiver/bench-idp");
    var metric = rein.Services.GetRequiredService<TimeToContain>();
    using var admin = new ReinClient(http, new ReinClientOptions { Issuer = new Uri(rein.Issuer), ClientId = "bench-admin", ClientKey = adminKey });
    var adminToken = (await admin.RequestTokenAsync(null, ["rein:admin"])).AccessToken;
    using var adminHttp = new HttpClient(admin.CreateHandler(_ => ValueTask.FromResult(adminToken)));

    var pushToRefusal = new List<double>();
    var pushToRefusalCalling = new List<double>();
    var receiptToApplied = new List<double>();
    var adminToRefusal = new List<double>();
    for (var i = 0; i < Warmup + iterations; i++)
    {
        var signal = await SessionAsync();
        var started = Stopwatch.GetTimestamp();
        using (var push = new HttpRequestMessage(HttpMethod.Post, pushUrl))
        {
            push.Headers.TryAddWithoutValidation("Authorization", pushSecret);
            push.Content = new StringContent(SessionRevoked(signal.Sid), Encoding.ASCII);
            push.Content.Headers.ContentType = new MediaTypeHeaderValue("application/secevent+jwt");
            using var pushed = await http.SendAsync(push);
            if (pushed.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"push answered {(int)pushed.StatusCode}");
        }
        var refused = await FirstRefusalAsync(signal.Http, started);
        var applied = metric.Last ?? double.NaN;
        signal.Dispose();

        // The same push with the session calling all along: the first 401 may come before the 202 (the receiving
        // instance applies a revocation before its commit).
        var racing = await SessionAsync();
        using var stopCalls = new CancellationTokenSource();
        var firstRefusal = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var caller = CallUntilRefusedAsync(racing.Http, firstRefusal, stopCalls.Token);
        var racingStarted = Stopwatch.GetTimestamp();
        using (var push = new HttpRequestMessage(HttpMethod.Post, pushUrl))
        {
            push.Headers.TryAddWithoutValidation("Authorization", pushSecret);
            push.Content = new StringContent(SessionRevoked(racing.Sid), Encoding.ASCII);
            push.Content.Headers.ContentType = new MediaTypeHeaderValue("application/secevent+jwt");
            using var pushed = await http.SendAsync(push);
            if (pushed.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"push answered {(int)pushed.StatusCode}");
        }
        var refusedAt = await firstRefusal.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stopCalls.CancelAsync();
        await caller;
        var racingRefused = Math.Max(0, Stopwatch.GetElapsedTime(racingStarted, refusedAt).TotalMilliseconds);
        racing.Dispose();

        var baseline = await SessionAsync();
        var revokeStarted = Stopwatch.GetTimestamp();
        using (var revoke = await adminHttp.PostAsJsonAsync(new Uri(rein.Issuer + "/admin/v1/revocations"), new { subject = "sid:" + baseline.Sid, reason = "bench" }))
        {
            if (!revoke.IsSuccessStatusCode) throw new InvalidOperationException($"admin revocation answered {(int)revoke.StatusCode}");
        }
        var adminRefused = await FirstRefusalAsync(baseline.Http, revokeStarted);
        baseline.Dispose();

        if (i < Warmup) continue;
        pushToRefusal.Add(refused);
        pushToRefusalCalling.Add(racingRefused);
        receiptToApplied.Add(applied);
        adminToRefusal.Add(adminRefused);
    }

    Console.WriteLine($"iterations: {iterations} (after {Warmup} warm-up), store: SQLite (embedded), loopback, one process");
    Console.WriteLine("| measure | p50 | p99 | max |");
    Console.WriteLine("|---|---:|---:|---:|");
    Row("signal: push sent → first 401 at the gateway", pushToRefusal);
    Row("signal: push sent → first 401, session calling while the push is processed", pushToRefusalCalling);
    Row("signal: SET receipt → index applied (rein.signals.time_to_contain)", receiptToApplied);
    Row("baseline: admin revocation sent → first 401 at the gateway", adminToRefusal);
    return 0;

    async Task<Session> SessionAsync()
    {
        var client = new ReinClient(http, new ReinClientOptions { Issuer = new Uri(rein.Issuer), ClientId = "bench-agent", ClientKey = agentKey });
        var token = (await client.RequestTokenAsync(Audience, ["tickets.read"])).AccessToken;
        var callHttp = new HttpClient(client.CreateHandler(_ => ValueTask.FromResult(token), new SocketsHttpHandler { UseCookies = false }));
        using var ok = await callHttp.GetAsync(toolUrl);
        if (!ok.IsSuccessStatusCode) throw new InvalidOperationException($"a fresh session was refused ({(int)ok.StatusCode})");
        var payload = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1]));
        using var claims = System.Text.Json.JsonDocument.Parse(payload);
        return new Session(client, callHttp, claims.RootElement.GetProperty("sid").GetString()!);
    }

    async Task CallUntilRefusedAsync(HttpClient caller, TaskCompletionSource<long> refused, CancellationToken stop)
    {
        // Bounded: by the 401 (which ends it), by the stop signal, or by 10,000 calls.
        for (var attempt = 0; attempt < 10_000 && !stop.IsCancellationRequested; attempt++)
        {
            using var response = await caller.GetAsync(toolUrl, CancellationToken.None);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                refused.TrySetResult(Stopwatch.GetTimestamp());
                return;
            }
        }
        refused.TrySetException(new InvalidOperationException("the session was never refused"));
    }

    async Task<double> FirstRefusalAsync(HttpClient caller, long started)
    {
        // Bounded: the refusal is expected on the first call; a few more only if the index were behind.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var response = await caller.GetAsync(toolUrl);
            if (response.StatusCode == HttpStatusCode.Unauthorized) return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        throw new InvalidOperationException("the session was never refused");
    }

    string SessionRevoked(string sid) => JwtWriter.Write(idpKey, "secevent+jwt", sid, static (w, s) =>
    {
        w.WriteString("iss", IdpIssuer);
        w.WriteString("jti", Guid.NewGuid().ToString("N"));
        w.WriteNumber("iat", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        w.WriteString("aud", ReceiverAudience);
        w.WriteStartObject("sub_id");
        w.WriteString("format", "opaque");
        w.WriteString("id", s);
        w.WriteEndObject();
        w.WriteStartObject("events");
        w.WriteStartObject("https://schemas.openid.net/secevent/caep/event-type/session-revoked");
        w.WriteEndObject();
        w.WriteEndObject();
    });

    static void Row(string name, List<double> values)
    {
        var sorted = values.Order().ToArray();
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {P(0.50):F2} ms | {P(0.99):F2} ms | {sorted[^1]:F2} ms |"));
    }
}
finally
{
    try { data.Delete(recursive: true); } catch (IOException) { }
}

internal sealed record Session(ReinClient Client, HttpClient Http, string Sid) : IDisposable
{
    public void Dispose()
    {
        Http.Dispose();
        Client.Dispose();
    }
}
