using System.Diagnostics;

namespace Rein.Gateway.Enforcement;

/// <summary>
/// W3C trace context for the upstream hop: the caller's trace id is kept when its <c>traceparent</c> is well-formed
/// (so traces join up), and the gateway always starts its own span.
/// </summary>
internal static class TraceContext
{
    public static (string TraceId, string TraceParent) ForUpstream(string? incoming)
    {
        var traceId = IsValid(incoming) ? incoming!.Substring(3, 32) : ActivityTraceId.CreateRandom().ToHexString();
        var spanId = ActivitySpanId.CreateRandom().ToHexString();
        return (traceId, $"00-{traceId}-{spanId}-01");
    }

    private static bool IsValid(string? header)
    {
        // version "00", 32 hex trace id not all zero, 16 hex parent id, 2 hex flags: 55 characters.
        if (header is not { Length: 55 } || !header.StartsWith("00-", StringComparison.Ordinal) || header[35] != '-' || header[52] != '-')
        {
            return false;
        }
        var traceId = header.AsSpan(3, 32);
        return IsLowerHex(traceId) && traceId.ContainsAnyExcept('0') && IsLowerHex(header.AsSpan(36, 16)) && IsLowerHex(header.AsSpan(53, 2));
    }

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f')) return false;
        }
        return true;
    }
}
