namespace Rein.Signals.Transmitter.Management;

/// <summary>
/// Which push URLs a receiver may register: https (http only on loopback), no user info or fragment, and under one of
/// the receiver's configured <c>push_endpoints</c> — same scheme, host and port, and a path at or below the prefix's
/// path on a segment boundary. Without it, a token holder could make Rein post to any address it can reach.
/// </summary>
internal static class PushEndpointRules
{
    public const int MaxLength = 2048;

    public static string? Check(string url, IReadOnlyList<string> allowed)
    {
        if (url.Length > MaxLength) return "endpoint_url is too long.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "endpoint_url must be an absolute https URL.";
        }
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback) return "endpoint_url must use https.";
        if (uri.UserInfo.Length > 0 || url.Contains('#', StringComparison.Ordinal)) return "endpoint_url must not carry user information or a fragment.";
        if (allowed.Count == 0) return "This receiver may not use push delivery: its configuration names no push_endpoints. Use poll.";
        foreach (var prefix in allowed)
        {
            if (Uri.TryCreate(prefix, UriKind.Absolute, out var root) && Under(uri, root)) return null;
        }
        return "endpoint_url is not under any of this receiver's configured push_endpoints.";
    }

    private static bool Under(Uri uri, Uri root)
    {
        if (!string.Equals(uri.Scheme, root.Scheme, StringComparison.OrdinalIgnoreCase) ||
            !string.Equals(uri.IdnHost, root.IdnHost, StringComparison.OrdinalIgnoreCase) || uri.Port != root.Port)
        {
            return false;
        }
        var path = uri.AbsolutePath;
        var rootPath = root.AbsolutePath;
        if (!path.StartsWith(rootPath, StringComparison.Ordinal)) return false;
        return rootPath.EndsWith('/') || path.Length == rootPath.Length || path[rootPath.Length] == '/';
    }
}
