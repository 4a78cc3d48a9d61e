using System.Net;
using System.Text.Json;

namespace Rein.Gateway.Tests.Infrastructure;

/// <summary>What came back on the wire, plus the credentials the request carried that must never come back.</summary>
internal sealed class WireResponse(HttpStatusCode status, IReadOnlyDictionary<string, string[]> headers, string body, IReadOnlyList<string> submitted)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>Response and content headers, names case-insensitive.</summary>
    public IReadOnlyDictionary<string, string[]> Headers { get; } = headers;

    public string Body { get; } = body;

    /// <summary>Tokens and proofs the request carried.</summary>
    public IReadOnlyList<string> Submitted { get; } = submitted;

    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? string.Join(", ", values) : null;

    public string? MediaType => Header("Content-Type")?.Split(';')[0].Trim();

    public static async Task<WireResponse> FromAsync(HttpResponseMessage response, IReadOnlyList<string> submitted)
    {
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers) headers[header.Key] = header.Value.ToArray();
        foreach (var header in response.Content.Headers) headers[header.Key] = header.Value.ToArray();
        var body = await response.Content.ReadAsStringAsync();
        return new WireResponse(response.StatusCode, headers, body, submitted);
    }
}
