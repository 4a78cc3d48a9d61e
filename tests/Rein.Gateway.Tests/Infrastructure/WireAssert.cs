using System.Net;
using System.Text.RegularExpressions;

namespace Rein.Gateway.Tests.Infrastructure;

/// <summary>Exact wire assertions for gateway answers.</summary>
internal static partial class WireAssert
{
    /// <summary>The gateway's generic problem body (RFC 9457): exactly type, title and status, nothing else.</summary>
    public static void GatewayProblem(WireResponse response, HttpStatusCode status, string title)
    {
        Assert.True(status == response.Status, $"expected {(int)status}, got {(int)response.Status}: {response.Body}");
        Assert.Equal("application/problem+json", response.MediaType);
        // Note: 404 is cacheable by default (RFC 9111 §4.2.2), so refusals say no-store; 502 is not, and need not.
        if (status != HttpStatusCode.BadGateway) Assert.Equal("no-store", response.Header("Cache-Control"));
        var json = response.Json;
        Assert.Equal("about:blank", json.GetProperty("type").GetString());
        Assert.Equal(title, json.GetProperty("title").GetString());
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.Equal(["type", "title", "status"], json.EnumerateObject().Select(p => p.Name).ToArray());
        NoEcho(response);
    }

    /// <summary>
    /// A 401 from the gateway: problem body, and a <c>WWW-Authenticate</c> challenge with the DPoP scheme, the exact
    /// <paramref name="error"/> (RFC 6750 §3.1 / RFC 9449 §7.1) or none at all when no credentials were sent, and algs.
    /// </summary>
    public static string Unauthorized(WireResponse response, string? error)
    {
        GatewayProblem(response, HttpStatusCode.Unauthorized, "Unauthorized");
        var challenge = response.Header("WWW-Authenticate");
        Assert.NotNull(challenge);
        Assert.StartsWith("DPoP ", challenge, StringComparison.Ordinal);
        Assert.Equal(error, Param(challenge, "error"));
        Assert.Equal("ES256 ES384 ES512 RS256 PS256", Param(challenge, "algs"));
        if (error is null) Assert.Null(Param(challenge, "error_description"));
        return challenge;
    }

    /// <summary>The upstream's own 200 answer, relayed unchanged.</summary>
    public static void Forwarded(WireResponse response, string upstreamPath)
    {
        Assert.True(response.Status == HttpStatusCode.OK, $"expected 200, got {(int)response.Status}: {response.Body} {response.Header("WWW-Authenticate")}");
        var json = response.Json;
        Assert.Equal("echo", json.GetProperty("upstream").GetString());
        Assert.Equal(upstreamPath, json.GetProperty("path").GetString());
        NoEcho(response);
    }

    /// <summary>The value of <c>name="value"</c> in a challenge, or null.</summary>
    public static string? Param(string challenge, string name)
    {
        var match = Regex.Match(challenge, $@"(?:^|[\s,]){Regex.Escape(name)}=""((?:[^""\\]|\\.)*)""");
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>Neither the body nor any header contains a submitted token or proof, nor a JWS signature segment of one.</summary>
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

    /// <summary>A W3C traceparent: version 00, 32 lower-hex trace id (not all zero), 16 lower-hex span id, 2 hex flags.</summary>
    public static (string TraceId, string SpanId) TraceParent(string? value)
    {
        Assert.NotNull(value);
        var match = TraceParentPattern().Match(value);
        Assert.True(match.Success, $"not a W3C traceparent: {value}");
        Assert.NotEqual(new string('0', 32), match.Groups[1].Value);
        Assert.NotEqual(new string('0', 16), match.Groups[2].Value);
        return (match.Groups[1].Value, match.Groups[2].Value);
    }

    [GeneratedRegex("^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")]
    private static partial Regex TraceParentPattern();
}
