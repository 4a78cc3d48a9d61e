namespace Rein.Core.Configuration;

/// <summary>
/// Checks the URLs and URIs of the configuration. Each check returns the error message, or <see langword="null"/>
/// when the value is valid.
/// </summary>
internal static class UrlRules
{
    private const string LoopbackOnly = "must use https (http is allowed only for loopback hosts such as 127.0.0.1)";

    /// <summary>
    /// An absolute http or https URL without user info or fragment; with <paramref name="httpsUnlessLoopback"/>, http
    /// only for a loopback host; with <paramref name="allowQuery"/> false, without a query.
    /// </summary>
    public static string? HttpUrl(string value, bool httpsUnlessLoopback, bool allowQuery)
    {
        if (value.Any(char.IsWhiteSpace))
        {
            return "must not contain spaces";
        }

        if (!HasScheme(value)
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0)
        {
            return $"expected an absolute http(s) URL such as https://rein.example.com, found {Quote.Value(value)}";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "must not contain a user name or password";
        }

        if (value.Contains('#', StringComparison.Ordinal))
        {
            return "must not have a fragment ('#...')";
        }

        if (!allowQuery && value.Contains('?', StringComparison.Ordinal))
        {
            return "must not have a query ('?...')";
        }

        if (httpsUnlessLoopback && uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            return LoopbackOnly;
        }

        return null;
    }

    /// <summary>
    /// An absolute URI of any scheme without fragment, as an RFC 8707 resource indicator must be (§2).
    /// </summary>
    public static string? ResourceUri(string value)
    {
        if (value.Any(char.IsWhiteSpace))
        {
            return "must not contain spaces";
        }

        if (!HasScheme(value) || !Uri.TryCreate(value, UriKind.Absolute, out _))
        {
            return $"expected an absolute URI such as https://tickets.example.com, found {Quote.Value(value)}";
        }

        return value.Contains('#', StringComparison.Ordinal) ? "must not have a fragment ('#...')" : null;
    }

    /// <summary>Whether <paramref name="value"/> starts with <c>spiffe:</c>.</summary>
    public static bool IsSpiffe(string value) => value.StartsWith("spiffe:", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A SPIFFE trust domain written as <c>spiffe://example.org</c>: lower-case letters, digits, '.', '-' and '_', with
    /// no path, port, user info or query (SPIFFE-ID §2.1).
    /// </summary>
    public static string? SpiffeTrustDomain(string value)
    {
        const string Prefix = "spiffe://";
        var domain = value.StartsWith(Prefix, StringComparison.Ordinal) ? value[Prefix.Length..] : "";
        if (domain.Length is 0 or > 255 || !domain.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' or '_'))
        {
            return $"expected a SPIFFE trust domain such as spiffe://example.org (lower-case, no path, port or query), found {Quote.Value(value)}";
        }

        return null;
    }

    // Note: on Unix, Uri.TryCreate("/x", UriKind.Absolute) succeeds as a file URI; requiring an explicit
    // RFC 3986 scheme ("ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ':'") rules such paths out.
    private static bool HasScheme(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || !char.IsAsciiLetter(value[0]))
        {
            return false;
        }

        for (var i = 1; i < colon; i++)
        {
            if (!char.IsAsciiLetterOrDigit(value[i]) && value[i] is not '+' and not '-' and not '.')
            {
                return false;
            }
        }

        return true;
    }
}
