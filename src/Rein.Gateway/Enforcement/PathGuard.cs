namespace Rein.Gateway.Enforcement;

/// <summary>
/// Refuses paths an upstream could read differently from the gateway: encoded slashes and backslashes, encoded dots,
/// dot segments, control characters. The gateway authorizes the path it sees, so the upstream must see the same one.
/// </summary>
internal static class PathGuard
{
    public static bool IsSafe(string path)
    {
        if (path.Length > 2048) return false;
        foreach (var c in path)
        {
            if (c < 0x20 || c == 0x7f || c == '\\') return false;
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
