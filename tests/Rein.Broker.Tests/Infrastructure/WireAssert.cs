using System.Net;
using System.Text.Json;

namespace Rein.Broker.Tests.Infrastructure;

/// <summary>Exact wire assertions shared by every test.</summary>
internal static class WireAssert
{
    /// <summary>
    /// An RFC 6749 §5.2 error: the status, <c>application/json</c>, <c>Cache-Control: no-store</c>, the exact
    /// <c>error</c> code with a string <c>error_description</c>, and nothing the request carried echoed back.
    /// </summary>
    public static JsonElement OAuthError(WireResponse response, HttpStatusCode status, string error)
    {
        Assert.True(status == response.Status, $"expected {(int)status} {error}, got {(int)response.Status}: {response.Body}");
        Assert.Equal("application/json", response.MediaType);
        Assert.Equal("no-store", response.Header("Cache-Control"));
        var json = response.Json;
        Assert.Equal(JsonValueKind.Object, json.ValueKind);
        Assert.Equal(error, json.GetProperty("error").GetString());
        if (json.TryGetProperty("error_description", out var description))
        {
            Assert.Equal(JsonValueKind.String, description.ValueKind);
        }
        NoEcho(response);
        return json;
    }

    /// <summary>A successful token response (RFC 6749 §5.1) of the given type; returns its JSON.</summary>
    public static JsonElement TokenIssued(WireResponse response, string tokenType)
    {
        Assert.True(response.Status == HttpStatusCode.OK, $"expected 200, got {(int)response.Status}: {response.Body}");
        Assert.Equal("application/json", response.MediaType);
        Assert.Equal("no-store", response.Header("Cache-Control"));
        var json = response.Json;
        Assert.Equal(tokenType, json.GetProperty("token_type").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("access_token").GetString()));
        NoEcho(response);
        return json;
    }

    /// <summary>Neither the body nor any header contains a submitted secret, nor the signature segment of a JWS.</summary>
    public static void NoEcho(WireResponse response)
    {
        foreach (var secret in response.Submitted)
        {
            foreach (var needle in Needles(secret))
            {
                Assert.False(response.Body.Contains(needle, StringComparison.Ordinal), "the response body echoes a submitted credential");
                foreach (var (name, values) in response.Headers)
                {
                    Assert.False(values.Any(v => v.Contains(needle, StringComparison.Ordinal)), $"the {name} header echoes a submitted credential");
                }
            }
        }
    }

    private static IEnumerable<string> Needles(string secret)
    {
        if (secret.Length >= 8) yield return secret;
        var lastDot = secret.LastIndexOf('.');
        if (lastDot >= 0 && secret.Length - lastDot - 1 >= 16) yield return secret[(lastDot + 1)..];
    }
}
