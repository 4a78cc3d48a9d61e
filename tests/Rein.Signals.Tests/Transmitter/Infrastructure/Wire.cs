using System.Net;
using System.Text.Json;

namespace Rein.Signals.Tests.Transmitter.Infrastructure;

/// <summary>A response as it came off the wire; fails the test if it repeats a credential the request carried.</summary>
internal sealed class Wire(HttpStatusCode status, IReadOnlyDictionary<string, string> headers, string body)
{
    public HttpStatusCode Status { get; } = status;
    public int Code => (int)Status;
    public string Body { get; } = body;
    public string? Header(string name) => headers.TryGetValue(name, out var value) ? value : null;
    public string? MediaType => Header("Content-Type")?.Split(';')[0].Trim();

    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }

    public static async Task<Wire> FromAsync(HttpResponseMessage response, IEnumerable<string> secrets)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers) headers[header.Key] = string.Join(", ", header.Value);
        foreach (var header in response.Content.Headers) headers[header.Key] = string.Join(", ", header.Value);
        var body = await response.Content.ReadAsStringAsync();
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
            Assert.DoesNotContain(headers.Values, v => v.Contains(secret, StringComparison.Ordinal));
        }
        return new Wire(response.StatusCode, headers, body);
    }
}
