using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rein.Client;
using Rein.Core.Configuration;
using Rein.Core.Events;
using Rein.Core.Keys;
using Rein.Core.Registry;
using Rein.Jose;
using Rein.Server.Hosting;

namespace Rein.SetPushBench;

/// <summary>
/// SETs signed and pushed per second to a loopback receiver. Rein runs every role in this process with its SQLite
/// store; one receiver holds <see cref="Streams"/> push streams to a <see cref="CountingReceiver"/>. The measured case
/// publishes Rein events (as the kill switch would) and ends when the receiver has accepted every SET: each event is
/// signed (ES256) once per stream, committed to the outbox, pushed in order per stream, and deleted once accepted.
/// The baseline pushes the same number of already-signed SETs with the same HTTP client settings and the same
/// per-stream concurrency, with no signing and no store: the HTTP floor.
/// </summary>
public class SetPushBenchmarks
{
    public const int Streams = 8;
    public const int EventsPerInvocation = 512;
    public const int SetsPerInvocation = Streams * EventsPerInvocation;

    private const string ReceiverId = "bench-soc";
    private const int Publishers = 32;

    private string _data = "";
    private CountingReceiver _receiver = null!;
    private ReinApp _rein = null!;
    private ReinEventHub _events = null!;
    private HttpClient _push = null!;
    private string[] _presigned = [];
    private int _round;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _data = Directory.CreateTempSubdirectory("rein-signals-bench-").FullName;
        _receiver = await CountingReceiver.StartAsync();
        using var receiverKey = SigningKey.Generate(JwsAlgorithms.ES256, ReceiverId + "-1");
        _rein = await ReinApp.StartAsync(new ReinAppOptions
        {
            Config = new ReinConfig
            {
                Signals = new SignalsConfig
                {
                    Receivers =
                    [
                        new SignalReceiverConfig
                        {
                            Id = ReceiverId, RequireDpop = false, MaxStreams = Streams,
                            Credentials = [new PrivateKeyJwtCredential { JwksJson = Jwks(receiverKey) }],
                            PushEndpoints = [_receiver.Url + "/events/"],
                        },
                    ],
                },
            },
            DataDirectory = _data,
            Urls = ["http://127.0.0.1:0"],
            MinimumLogLevel = LogLevel.Warning,
        });
        _events = _rein.Services.GetRequiredService<ReinEventHub>();

        using var http = new HttpClient();
        using var client = new ReinClient(http, new ReinClientOptions { Issuer = new Uri(_rein.Issuer), ClientId = ReceiverId, ClientKey = receiverKey });
        var token = await BearerTokenAsync(http, client);
        for (var s = 0; s < Streams; s++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_rein.Issuer + "/ssf/stream"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Content = new StringContent(JsonSerializer.Serialize(new
            {
                delivery = new { method = "urn:ietf:rfc:8935", endpoint_url = $"{_receiver.Url}/events/s{s}" },
                events_requested = new[] { "https://schemas.openid.net/secevent/risc/event-type/account-enabled" },
            }), Encoding.UTF8, "application/json");
            using var response = await http.SendAsync(request);
            if ((int)response.StatusCode != 201) throw new InvalidOperationException("stream creation failed: " + await response.Content.ReadAsStringAsync());
        }

        // The baseline's SETs: the same size and shape, signed once up front by the same key ring.
        var key = _rein.Services.GetRequiredService<KeyRing>().GetSigningKey("ES256")!;
        _presigned = [.. Enumerable.Range(0, SetsPerInvocation).Select(i => JwtWriter.Write(key, "secevent+jwt", i, static (w, n) =>
        {
            w.WriteString("iss"u8, "https://rein.example");
            w.WriteString("jti"u8, Guid.NewGuid().ToString("N"));
            w.WriteNumber("iat"u8, 1_800_000_000);
            w.WriteString("aud"u8, ReceiverId);
            w.WriteString("txn"u8, Guid.NewGuid().ToString("N"));
            w.WritePropertyName("sub_id"u8);
            w.WriteRawValue($$"""{"format":"iss_sub","iss":"https://rein.example","sub":"bench-{{n}}"}""");
            w.WritePropertyName("events"u8);
            w.WriteRawValue("""{"https://schemas.openid.net/secevent/risc/event-type/account-enabled":{}}""");
        }))];
        _push = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ActivityHeadersPropagator = null });
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = SetsPerInvocation, Description = "HTTP push of pre-signed SETs (floor)")]
    public async Task PushPresigned()
    {
        var done = _receiver.Expect(SetsPerInvocation);
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        await Task.WhenAll(Enumerable.Range(0, Streams).Select(s => Task.Run(async () =>
        {
            for (var i = s; i < SetsPerInvocation; i += Streams)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{_receiver.Url}/events/s{s}"));
                request.Content = new ByteArrayContent(Encoding.ASCII.GetBytes(_presigned[i]));
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/secevent+jwt");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using var response = await _push.SendAsync(request);
                response.EnsureSuccessStatusCode();
            }
        })));
        await done;
        if (Environment.GetEnvironmentVariable("REIN_BENCH_PHASES") == "1") Console.WriteLine($"PHASES floor cpu {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000 / SetsPerInvocation:0} us/SET");
    }

    [Benchmark(OperationsPerInvoke = SetsPerInvocation, Description = "Rein transmitter: sign, outbox, push, delete")]
    public async Task SignAndPush()
    {
        var round = Interlocked.Increment(ref _round);
        var done = _receiver.Expect(SetsPerInvocation);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        await Task.WhenAll(Enumerable.Range(0, Publishers).Select(p => Task.Run(async () =>
        {
            for (var i = p; i < EventsPerInvocation; i += Publishers)
            {
                await _events.PublishAsync(new AgentStatusChanged
                {
                    AgentId = $"bench-{round}-{i}", Status = AgentStatus.Active, Reason = "benchmark", Time = DateTimeOffset.UtcNow,
                }, CancellationToken.None);
            }
        })));
        var published = System.Diagnostics.Stopwatch.GetElapsedTime(start);
        await done;
        if (Environment.GetEnvironmentVariable("REIN_BENCH_PHASES") == "1") Console.WriteLine($"PHASES committed {published.TotalMilliseconds:0} ms, delivered {System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds:0} ms, cpu {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000 / SetsPerInvocation:0} us/SET");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _push.Dispose();
        await _rein.DisposeAsync();
        await _receiver.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private async Task<string> BearerTokenAsync(HttpClient http, ReinClient client)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = client.CreateClientAssertion(_rein.Issuer),
            ["scope"] = "ssf.manage",
            ["resource"] = _rein.Issuer + "/ssf",
        });
        using var response = await http.PostAsync(new Uri(_rein.Issuer + "/oauth/token"), form);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("access_token").GetString()!;
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
