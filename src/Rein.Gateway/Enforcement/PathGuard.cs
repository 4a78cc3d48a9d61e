namespace Rein.Gateway.Enforcement;

/// <summary>
/// Refuses paths an upstream could read differently from the gateway: encoded slashes and backslashes, encoded dots,
/// dot segments (in the raw request target too, before Kestrel resolves them), <c>;</c> path parameters (which
/// Tomcat, Jetty and Spring strip), control characters. The gateway authorizes the path it sees, so the upstream
/// must see the same one.
/// </summary>
internal static class PathGuard
{
    /// <summary>Checks the request target as sent: its path part may hold no dot segments.</summary>
    public static bool IsSafeTarget(string? rawTarget)
    {
        if (string.IsNullOrEmpty(rawTarget)) return true;
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? rawTarget : rawTarget[..query];
        foreach (var segment in path.Split('/'))
        {
            // Kestrel decodes %2e before it removes dot segments, so an encoded dot counts as a dot.
            var decoded = segment.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(segment) : segment;
            if (decoded is "." or "..") return false;
        }
        return true;
    }

    public static bool IsSafe(string path)
    {
        if (path.Length > 2048) return false;
        foreach (var c in path)
        {
            if (c < 0x20 || c == 0x7f || c == '\\' || c == ';') return false;
        }
        if (path.Contains("%2f", StringComparison.OrdinalIgnoreCase) || path.Contains("%5c", StringComparison.OrdinalIgnoreCase) ||
            path.Contains("%2e", StringComparison.OrdinalIgnoreCase) || path.Contains("%00", StringComparison.Ordinal) ||
            path.Contains("%25", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var segment in path.Split('/'))
        {
            if (segment is "." or "..") return false;
        }
        return true;
    }
}
