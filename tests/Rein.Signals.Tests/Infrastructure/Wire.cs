using System.Net;
using System.Text.Json;

namespace Rein.Signals.Tests.Infrastructure;

/// <summary>A response as it came over the wire.</summary>
internal sealed record Wire(HttpStatusCode Status, string Body, string? ContentType, string? WwwAuthenticate)
{
    public static async Task<Wire> FromAsync(HttpResponseMessage response) => new(
        response.StatusCode,
        await response.Content.ReadAsStringAsync(),
        response.Content.Headers.ContentType?.MediaType,
        response.Headers.WwwAuthenticate.Count == 0 ? null : response.Headers.WwwAuthenticate.ToString());

    /// <summary>Asserts the RFC 8935 §2.3 error answer: the status, JSON with exactly err and description.</summary>
    public void AssertError(HttpStatusCode status, string err)
    {
        Assert.Equal(status, Status);
        Assert.Equal("application/json", ContentType);
        using var json = JsonDocument.Parse(Body);
        Assert.Equal(err, json.RootElement.GetProperty("err").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("description").GetString()));
        Assert.Equal(2, json.RootElement.EnumerateObject().Count());
    }

    public void AssertAccepted()
    {
        Assert.True(Status == HttpStatusCode.Accepted, $"expected 202, got {(int)Status}: {Body}");
        Assert.Equal("", Body);
    }
}
