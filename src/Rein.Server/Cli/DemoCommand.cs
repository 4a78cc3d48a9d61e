using System.CommandLine;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rein.Client;
using Rein.Core.Configuration;
using Rein.Jose;
using Rein.Jose.DPoP;
using Rein.Server.Hosting;
using Rein.Signals.Receiver;

namespace Rein.Server.Cli;

/// <summary>
/// <c>rein demo</c>: a self-contained tour on loopback. Prints claims, never tokens; exits non-zero if any step does
/// not behave as it should.
/// </summary>
internal static partial class DemoCommand
{
    private const string ToolAudience = "https://tickets.demo.internal";
    private const string SignalsIdpIssuer = "https://idp.demo.internal/";
    private const string ReceiverAudience = "urn:rein:demo:ssf-receiver";

    public static Command Create()
    {
        var command = new Command("demo", "A guided tour: a DPoP-bound token, a stolen-token replay refused, introspection, revocation, " +
            "a CAEP signal, the kill switch, and an agent acting for a person until the person's session is revoked.");
        command.SetAction(async (_, cancellationToken) => await RunAsync(Console.Out, cancellationToken).ConfigureAwait(false));
        return command;
    }

    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var dataDir = Directory.CreateTempSubdirectory("rein-demo-");
        try
        {
            using var agentKey = SigningKey.Generate(JwsAlgorithms.ES256, "triage-bot-1");
            using var adminKey = SigningKey.Generate(JwsAlgorithms.ES256, "ops-1");
            using var idpKey = SigningKey.Generate(JwsAlgorithms.ES256, "idp-1");
            var pushSecret = "Bearer " + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
            using var delegation = new DelegationKeys();
            await using var upstream = await StartUpstreamAsync(cancellationToken).ConfigureAwait(false);
            var config = WithDelegation(DemoConfig(agentKey, adminKey, upstream.Urls.First(), idpKey, pushSecret), delegation);
            await using var rein = await ReinApp.StartAsync(new ReinAppOptions
            {
                Config = config,
                DataDirectory = dataDir.FullName,
                Urls = ["http://127.0.0.1:0"],
                MinimumLogLevel = LogLevel.Warning,
            }, cancellationToken).ConfigureAwait(false);
            var toolUrl = new Uri(rein.Issuer + "/tools/tickets/tickets/42");

            output.WriteLine($"1. Rein is running at {rein.Issuer} with a throw-away embedded store.");
            using var http = new HttpClient();
            using var agent = new ReinClient(http, new ReinClientOptions { Issuer = new Uri(rein.Issuer), ClientId = "triage-bot", ClientKey = agentKey });

            output.WriteLine("2. Agent 'triage-bot' asks for a token for the tickets tool: private_key_jwt + DPoP proof (no secret anywhere).");
            var token = await agent.RequestTokenAsync(ToolAudience, ["tickets.read"], cancellationToken).ConfigureAwait(false);
            output.WriteLine($"   got a {token.TokenType} token for '{token.Scope}', valid {token.ExpiresIn}s. Its claims (the token itself is never shown):");
            output.WriteLine(Indent(Claims(token.AccessToken)));

            using var agentHttp = new HttpClient(agent.CreateHandler(_ => ValueTask.FromResult(token.AccessToken)));
            var call = await agentHttp.GetAsync(toolUrl, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"3. Agent calls GET /tools/tickets/tickets/42 through the gateway with token + proof: {(int)call.StatusCode}");
            if (!call.IsSuccessStatusCode) return Fail(output, "the agent's own call was refused");
            var seen = JsonDocument.Parse(await call.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).RootElement;
            output.WriteLine($"   the tickets service saw: X-Rein-Agent={seen.GetProperty("agent").GetString()}, X-Rein-Action={seen.GetProperty("action").GetString()}, " +
                $"traceparent set={seen.GetProperty("traceparent").GetString()!.Length > 0}, agent's Authorization={seen.GetProperty("saw_authorization").GetBoolean()}, DPoP={seen.GetProperty("saw_dpop").GetBoolean()}");
            if (seen.GetProperty("saw_authorization").GetBoolean() || seen.GetProperty("saw_dpop").GetBoolean()) return Fail(output, "the agent's credentials reached upstream");

            output.WriteLine("4. An attacker copied the token from a log line and replays it:");
            using (var stolen = new HttpRequestMessage(HttpMethod.Get, toolUrl))
            {
                stolen.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
                var r = await http.SendAsync(stolen, cancellationToken).ConfigureAwait(false);
                output.WriteLine($"   as a bearer token:                      {(int)r.StatusCode} {Challenge(r)}");
                if (r.IsSuccessStatusCode) return Fail(output, "a stolen token worked as a bearer token");
            }
            using (var attackerKey = SigningKey.Generate(JwsAlgorithms.ES256, "attacker"))
            using (var stolen = new HttpRequestMessage(HttpMethod.Get, toolUrl))
            {
                stolen.Headers.Authorization = new AuthenticationHeaderValue("DPoP", token.AccessToken);
                stolen.Headers.Add("DPoP", DPoPProofWriter.Create(attackerKey, "GET", toolUrl, token.AccessToken, null, DateTimeOffset.UtcNow));
                var r = await http.SendAsync(stolen, cancellationToken).ConfigureAwait(false);
                output.WriteLine($"   with a proof from the attacker's key:   {(int)r.StatusCode} {Challenge(r)}");
                if (r.IsSuccessStatusCode) return Fail(output, "a stolen token worked with another key");
            }

            using var admin = new ReinClient(http, new ReinClientOptions { Issuer = new Uri(rein.Issuer), ClientId = "ops", ClientKey = adminKey });
            var metadata = await admin.DiscoverAsync(cancellationToken).ConfigureAwait(false);
            var introspection = await PostAsync(http, admin, metadata.IntrospectionEndpoint!, token.AccessToken, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"5. Admin 'ops' introspects it: active={introspection.GetProperty("active").GetBoolean()}, " +
                $"sub={introspection.GetProperty("sub").GetString()}, cnf.jkt={introspection.GetProperty("cnf").GetProperty("jkt").GetString()}");

            using (var revoke = await http.PostAsync(metadata.RevocationEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["token"] = token.AccessToken,
                ["client_id"] = "triage-bot",
                ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ["client_assertion"] = agent.CreateClientAssertion(metadata.Issuer),
            }), cancellationToken).ConfigureAwait(false))
            {
                output.WriteLine($"6. Agent revokes its token (RFC 7009): {(int)revoke.StatusCode}");
            }
            introspection = await PostAsync(http, admin, metadata.IntrospectionEndpoint!, token.AccessToken, cancellationToken).ConfigureAwait(false);
            var after = await agentHttp.GetAsync(toolUrl, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"   introspection now: active={introspection.GetProperty("active").GetBoolean()}; the agent's next call: {(int)after.StatusCode} {Challenge(after)}");
            if (introspection.GetProperty("active").GetBoolean() || after.IsSuccessStatusCode) return Fail(output, "a revoked token still works");

            if (await SessionRevokedAsync(output, rein, http, agentKey, idpKey, pushSecret, toolUrl, cancellationToken).ConfigureAwait(false) is { } failure)
            {
                return Fail(output, failure);
            }

            var fresh = await agent.RequestTokenAsync(ToolAudience, ["tickets.read"], cancellationToken).ConfigureAwait(false);
            using var freshHttp = new HttpClient(agent.CreateHandler(_ => ValueTask.FromResult(fresh.AccessToken)));
            var before = await freshHttp.GetAsync(toolUrl, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"8. The agent gets a fresh token and calls again: {(int)before.StatusCode}. Now the kill switch:");
            var adminToken = await admin.RequestTokenAsync(resource: null, ["rein:admin"], cancellationToken).ConfigureAwait(false);
            using var adminHttp = new HttpClient(admin.CreateHandler(_ => ValueTask.FromResult(adminToken.AccessToken)));
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            using (var kill = await adminHttp.PostAsJsonAsync(new Uri(rein.Issuer + "/admin/v1/agents/triage-bot/kill"), new { reason = "demo: key leaked" }, cancellationToken).ConfigureAwait(false))
            {
                var killed = await freshHttp.GetAsync(toolUrl, cancellationToken).ConfigureAwait(false);
                var contained = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                output.WriteLine($"   POST /admin/v1/agents/triage-bot/kill: {(int)kill.StatusCode}; the agent's next call: {(int)killed.StatusCode} {Challenge(killed)} " +
                    $"({contained.TotalMilliseconds:F1} ms from kill request to refusal, both calls included)");
                if (!kill.IsSuccessStatusCode || killed.IsSuccessStatusCode) return Fail(output, "the kill switch did not stop the agent");
            }
            try
            {
                await agent.RequestTokenAsync(ToolAudience, ["tickets.read"], cancellationToken).ConfigureAwait(false);
                return Fail(output, "a killed agent got a new token");
            }
            catch (ReinClientException ex)
            {
                output.WriteLine($"   and a new token request: {ex.Status} {ex.Error} ({ex.Description})");
            }

            if (await DelegationAsync(output, rein, http, adminHttp, delegation, cancellationToken).ConfigureAwait(false) is { } failed) return failed;

            output.WriteLine("Demo complete: every step behaved as it should.");
            return 0;
        }
        finally
        {
            try
            {
                dataDir.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless.
            }
        }
    }

    /// <summary>
    /// Step 7: an identity provider revokes one of the agent's sessions with a CAEP session-revoked SET (SSF 1.0),
    /// signed with its key and pushed over HTTP (RFC 8935); the session's next call is refused. Returns a failure, or null.
    /// </summary>
    private static async Task<string?> SessionRevokedAsync(TextWriter output, ReinApp rein, HttpClient http, SigningKey agentKey, SigningKey idpKey,
        string pushSecret, Uri toolUrl, CancellationToken cancellationToken)
    {
        // A second instance of the agent: its own DPoP key, so its own agent session (sid).
        using var instance = new ReinClient(http, new ReinClientOptions { Issuer = new Uri(rein.Issuer), ClientId = "triage-bot", ClientKey = agentKey });
        var token = await instance.RequestTokenAsync(ToolAudience, ["tickets.read"], cancellationToken).ConfigureAwait(false);
        using var instanceHttp = new HttpClient(instance.CreateHandler(_ => ValueTask.FromResult(token.AccessToken)));
        var ok = await instanceHttp.GetAsync(toolUrl, cancellationToken).ConfigureAwait(false);
        var sid = Claim(token.AccessToken, "sid");
        output.WriteLine($"7. A second instance of the agent (its own key, agent session sid={sid}) calls: {(int)ok.StatusCode}.");

        var set = JwtWriter.Write(idpKey, "secevent+jwt", (sid, iat: DateTimeOffset.UtcNow.ToUnixTimeSeconds()), static (w, s) =>
        {
            w.WriteString("iss", SignalsIdpIssuer);
            w.WriteString("jti", Guid.NewGuid().ToString("N"));
            w.WriteNumber("iat", s.iat);
            w.WriteString("aud", ReceiverAudience);
            w.WriteStartObject("sub_id");
            w.WriteString("format", "opaque");
            w.WriteString("id", s.sid);
            w.WriteEndObject();
            w.WriteStartObject("events");
            w.WriteStartObject("https://schemas.openid.net/secevent/caep/event-type/session-revoked");
            w.WriteString("initiating_entity", "policy");
            w.WriteStartObject("reason_admin");
            w.WriteString("en", "Demo: session revoked by the identity provider");
            w.WriteEndObject();
            w.WriteNumber("event_timestamp", s.iat);
            w.WriteEndObject();
            w.WriteEndObject();
        });
        using var push = new HttpRequestMessage(HttpMethod.Post, new Uri(rein.Issuer + "/ssf/receiver/demo-idp"));
        push.Headers.TryAddWithoutValidation("Authorization", pushSecret);
        push.Content = new StringContent(set, Encoding.ASCII);
        push.Content.Headers.ContentType = new MediaTypeHeaderValue("application/secevent+jwt");
        using var pushed = await http.SendAsync(push, cancellationToken).ConfigureAwait(false);
        var refused = await instanceHttp.GetAsync(toolUrl, cancellationToken).ConfigureAwait(false);
        var contained = rein.Services.GetRequiredService<TimeToContain>().Last;
        output.WriteLine($"   The identity provider pushes a signed CAEP session-revoked SET for that session to /ssf/receiver/demo-idp: {(int)pushed.StatusCode}");
        output.WriteLine($"   that instance's next call: {(int)refused.StatusCode} {Challenge(refused)}; time to contain (SET receipt to revocation index applied): " +
            (contained is { } ms ? $"{ms:F2} ms" : "not measured") + " (metric rein.signals.time_to_contain)");
        if (pushed.StatusCode != System.Net.HttpStatusCode.Accepted) return "the session-revoked SET was not accepted";
        if (refused.IsSuccessStatusCode || contained is null) return "the revoked session still works";
        return null;
    }

    private static string Claim(string jwt, string name)
    {
        using var doc = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[1]));
        return doc.RootElement.GetProperty(name).GetString()!;
    }

    private static int Fail(TextWriter output, string what)
    {
        output.WriteLine($"DEMO FAILED: {what}.");
        return 1;
    }

    private static ReinConfig DemoConfig(SigningKey agentKey, SigningKey adminKey, string upstream, SigningKey idpKey, string pushSecret) => new()
    {
        Tools =
        [
            new ToolConfig
            {
                Id = "tickets", Audience = ToolAudience, Upstream = upstream, Risk = RiskTier.Medium,
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
                Id = "triage-bot", Owner = "alice@example.com", Purpose = "Triage incoming tickets", Environment = "demo",
                Credentials = [new PrivateKeyJwtCredential { JwksJson = Jwks(agentKey) }],
                Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = ["tickets.read", "tickets.write"] },
            },
        ],
        Admins = [new AdminConfig { Id = "ops", Credentials = [new PrivateKeyJwtCredential { JwksJson = Jwks(adminKey) }] }],
        Signals = new SignalsConfig
        {
            Transmitters =
            [
                new SignalTransmitterConfig
                {
                    Id = "demo-idp", Issuer = SignalsIdpIssuer, JwksJson = Jwks(idpKey), Audience = ReceiverAudience,
                    Push = new SignalPushConfig { Authorization = pushSecret },
                },
            ],
        },
    };

    internal static string Jwks(SigningKey key) => JsonWebKeySet.Create([key.PublicJwk]).ToPublicJson();

    /// <summary>The demo's tickets service: it trusts the gateway and echoes what reached it.</summary>
    private static async Task<WebApplication> StartUpstreamAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/tickets/{id}", (HttpContext context, string id) => Results.Json(new
        {
            id,
            title = "Printer on fire",
            agent = context.Request.Headers["X-Rein-Agent"].ToString(),
            action = context.Request.Headers["X-Rein-Action"].ToString(),
            traceparent = context.Request.Headers.TraceParent.ToString(),
            saw_authorization = context.Request.Headers.ContainsKey("Authorization"),
            saw_dpop = context.Request.Headers.ContainsKey("DPoP"),
        }));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, ReinClient admin, Uri endpoint, string token, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(endpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["client_id"] = "ops",
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = admin.CreateClientAssertion(admin.Issuer),
        }), cancellationToken).ConfigureAwait(false);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).RootElement.Clone();
    }

    private static string Challenge(HttpResponseMessage response)
    {
        var header = response.Headers.WwwAuthenticate.ToString();
        var start = header.IndexOf("error=\"", StringComparison.Ordinal);
        if (start < 0) return string.Empty;
        var end = header.IndexOf('"', start + 7);
        return header[(start + 7)..end];
    }

    private static string Claims(string jwt)
    {
        var payload = jwt.Split('.')[1];
        var json = System.Buffers.Text.Base64Url.DecodeFromChars(payload);
        using var doc = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(doc.RootElement, new JsonSerializerOptions { WriteIndented = true });
    }

    private static string Indent(string text) => string.Join(Environment.NewLine, text.Split('\n').Select(l => "   " + l.TrimEnd('\r')));
}
