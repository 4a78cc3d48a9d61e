using System.Text;
using System.Text.Json;
using Rein.Client;
using Rein.Signals.Events;

namespace Rein.Signals.Tests.Transmitter.Infrastructure;

/// <summary>An SSF receiver calling Rein's stream management and poll API with its access token.</summary>
internal sealed class ReceiverSession(SignalsHost host, ReinClient client, string token, HttpClient http) : IDisposable
{
    public static readonly string[] AllEvents =
    [
        SecurityEventTypes.SessionRevoked, SecurityEventTypes.CredentialChange, SecurityEventTypes.RiskLevelChange,
        SecurityEventTypes.AccountDisabled, SecurityEventTypes.AccountEnabled,
    ];

    public string Token => token;

    public async Task<Wire> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(host.Issuer + path));
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        return await Wire.FromAsync(response, [token]);
    }

    public Task<Wire> PostAsync(string path, object body) => SendAsync(HttpMethod.Post, path, JsonSerializer.Serialize(body));

    /// <summary>Creates a push stream to <c>/events/{name}</c> of the loopback receiver; returns its stream_id.</summary>
    public async Task<string> CreatePushStreamAsync(string name, string[]? events = null, string? authorization = null)
    {
        var delivery = new Dictionary<string, string> { ["method"] = "urn:ietf:rfc:8935", ["endpoint_url"] = host.Receiver.Endpoint(name) };
        if (authorization is not null) delivery["authorization_header"] = authorization;
        var created = await PostAsync("/ssf/stream", new { delivery, events_requested = events ?? AllEvents, description = "test stream " + name });
        Assert.True(created.Code == 201, created.Body);
        return created.Json.GetProperty("stream_id").GetString()!;
    }

    public async Task<string> CreatePollStreamAsync(string[]? events = null)
    {
        var created = await PostAsync("/ssf/stream", new { delivery = new { method = "urn:ietf:rfc:8936" }, events_requested = events ?? AllEvents });
        Assert.True(created.Code == 201, created.Body);
        return created.Json.GetProperty("stream_id").GetString()!;
    }

    public async Task SetStatusAsync(string streamId, string status)
    {
        var response = await PostAsync("/ssf/status", new { stream_id = streamId, status });
        Assert.True(response.Code == 200, response.Body);
    }

    /// <summary>An RFC 8936 poll; returns the SETs by jti and whether more are available.</summary>
    public async Task<(Dictionary<string, string> Sets, bool More)> PollAsync(string streamId, object request)
    {
        var response = await PostAsync("/ssf/poll/" + streamId, request);
        Assert.True(response.Code == 200, response.Body);
        var sets = response.Json.GetProperty("sets").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var more = response.Json.TryGetProperty("moreAvailable", out var m) && m.GetBoolean();
        return (sets, more);
    }

    public void Dispose()
    {
        http.Dispose();
        client.Dispose();
    }
}
