using System.Net.Http.Json;
using System.Text.Json;
using Rein.Client;
using Rein.Core.Configuration;
using Rein.Jose;
using Rein.Server.Hosting;

namespace Rein.Server.Cli;

internal static partial class DemoCommand
{
    private const string IdpIssuer = "https://idp.demo.example";
    private const string Person = "alice";

    /// <summary>The keys of the delegation part: the demo plays the organisation's IdP, and two agents act for alice.</summary>
    private sealed class DelegationKeys : IDisposable
    {
        public SigningKey Idp { get; } = SigningKey.Generate(JwsAlgorithms.ES256, "idp-1");
        public SigningKey Assistant { get; } = SigningKey.Generate(JwsAlgorithms.ES256, "assistant-bot-1");
        public SigningKey Reporter { get; } = SigningKey.Generate(JwsAlgorithms.ES256, "report-bot-1");

        public void Dispose()
        {
            Idp.Dispose();
            Assistant.Dispose();
            Reporter.Dispose();
        }
    }

    /// <summary>The IdP as a <c>trust</c> entry of kind user, two agents, and alice's grants to them.</summary>
    private static ReinConfig WithDelegation(ReinConfig config, DelegationKeys keys)
    {
        AgentConfig Agent(string id, string purpose, SigningKey key) => new()
        {
            Id = id, Owner = "alice@example.com", Purpose = purpose, Environment = "demo",
            Credentials = [new PrivateKeyJwtCredential { JwksJson = Jwks(key) }],
            Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = ["tickets.read"] },
        };
        GrantConfig Grant(string agent) => new()
        {
            Id = $"{Person}-{agent}", UserIssuer = IdpIssuer, UserSubject = Person, Agent = agent,
            Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = ["tickets.read"] },
            Until = DateTimeOffset.UtcNow.AddHours(8),
        };
        return config with
        {
            Agents = [.. config.Agents, Agent("assistant-bot", "Alice's assistant", keys.Assistant), Agent("report-bot", "Writes reports for the assistant", keys.Reporter)],
            Trust = [.. config.Trust, new TrustConfig { Issuer = IdpIssuer, JwksJson = Jwks(keys.Idp), Audience = "rein", Kind = Rein.Core.Registry.TrustedIssuer.UserKind }],
            Grants = [.. config.Grants, Grant("assistant-bot"), Grant("report-bot")],
        };
    }

    /// <summary>Steps 8–10: token exchange for a person, a second hop, and the person's session revocation. Null when all went well.</summary>
    private static async Task<int?> DelegationAsync(TextWriter output, ReinApp rein, HttpClient http, HttpClient adminHttp, DelegationKeys keys,
        CancellationToken cancellationToken)
    {
        var toolUrl = new Uri(rein.Issuer + "/tools/tickets/tickets/42");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var personToken = JwtWriter.Write(keys.Idp, "JWT", now, static (w, iat) =>
        {
            w.WriteString("iss"u8, IdpIssuer);
            w.WriteString("sub"u8, Person);
            w.WriteString("aud"u8, "rein");
            w.WriteNumber("iat"u8, iat);
            w.WriteNumber("exp"u8, iat + 3600);
        });

        output.WriteLine($"8. {Person} signs in at her IdP and asks 'assistant-bot' to read ticket 42 for her. She granted it tickets.read until tonight.");
        using var assistant = new ReinClient(http, new ReinClientOptions { Issuer = new Uri(rein.Issuer), ClientId = "assistant-bot", ClientKey = keys.Assistant });
        var first = await assistant.ExchangeTokenAsync(new TokenExchangeRequest
        {
            SubjectToken = personToken,
            Resource = ToolAudience,
            Scopes = ["tickets.read"],
        }, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"   token exchange (RFC 8693) gives a {first.TokenType} token that acts for her ({first.IssuedTokenType}):");
        output.WriteLine(Indent(DelegationClaims(first.AccessToken)));
        using var assistantHttp = new HttpClient(assistant.CreateHandler(_ => ValueTask.FromResult(first.AccessToken)));
        var assistantCall = await assistantHttp.GetAsync(toolUrl, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"   assistant-bot calls the tickets tool as itself, for {Person}: {(int)assistantCall.StatusCode}");
        if (!assistantCall.IsSuccessStatusCode) return Fail(output, "the delegated call was refused");

        output.WriteLine("9. assistant-bot hands the work to 'report-bot', which exchanges the assistant's token and joins the chain:");
        using var reporter = new ReinClient(http, new ReinClientOptions { Issuer = new Uri(rein.Issuer), ClientId = "report-bot", ClientKey = keys.Reporter });
        var second = await reporter.ExchangeTokenAsync(new TokenExchangeRequest
        {
            SubjectToken = first.AccessToken,
            SubjectTokenType = TokenTypeIdentifiers.AccessToken,
            Resource = ToolAudience,
            Scopes = ["tickets.read"],
        }, cancellationToken).ConfigureAwait(false);
        output.WriteLine(Indent(DelegationClaims(second.AccessToken)));
        using var reporterHttp = new HttpClient(reporter.CreateHandler(_ => ValueTask.FromResult(second.AccessToken)));
        var reporterCall = await reporterHttp.GetAsync(toolUrl, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"   report-bot's call: {(int)reporterCall.StatusCode}");
        if (!reporterCall.IsSuccessStatusCode) return Fail(output, "the second hop's call was refused");

        output.WriteLine($"10. {Person}'s IdP session ends (a CAEP session-revoked, or: rein revoke --user '{IdpIssuer}|{Person}'):");
        using (var revoke = await adminHttp.PostAsJsonAsync(new Uri(rein.Issuer + "/admin/v1/revocations"),
            new { subject = $"user:{IdpIssuer}|{Person}", reason = "demo: session revoked at the IdP" }, cancellationToken).ConfigureAwait(false))
        {
            var a = await assistantHttp.GetAsync(toolUrl, cancellationToken).ConfigureAwait(false);
            var b = await reporterHttp.GetAsync(toolUrl, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"    POST /admin/v1/revocations user:…|{Person}: {(int)revoke.StatusCode}; assistant-bot's next call: {(int)a.StatusCode} {Challenge(a)}; " +
                $"report-bot's: {(int)b.StatusCode} {Challenge(b)}");
            if (!revoke.IsSuccessStatusCode || a.IsSuccessStatusCode || b.IsSuccessStatusCode) return Fail(output, "a hop of the revoked person's chain still works");
        }
        try
        {
            await assistant.ExchangeTokenAsync(new TokenExchangeRequest { SubjectToken = personToken, Resource = ToolAudience, Scopes = ["tickets.read"] },
                cancellationToken).ConfigureAwait(false);
            return Fail(output, "the revoked person's old token was exchanged again");
        }
        catch (ReinClientException ex)
        {
            output.WriteLine($"    and exchanging her old IdP token again: {ex.Status} {ex.Error} ({ex.Description})");
        }
        return null;
    }

    /// <summary>The claims that say who acts for whom, from a delegated token's payload (never the token itself).</summary>
    private static string DelegationClaims(string jwt)
    {
        var payload = System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[1]);
        using var doc = JsonDocument.Parse(payload);
        var root = doc.RootElement;
        var shown = new Dictionary<string, JsonElement>();
        foreach (var name in new[] { "sub", "sub_id", "act", "client_id", "aud", "scope", "grant_id", "sid" })
        {
            if (root.TryGetProperty(name, out var value)) shown[name] = value.Clone();
        }
        return JsonSerializer.Serialize(shown, new JsonSerializerOptions { WriteIndented = true });
    }
}
