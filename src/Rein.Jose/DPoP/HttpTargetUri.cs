using System.Buffers;
using System.Globalization;
using System.Text;

namespace Rein.Jose.DPoP;

/// <summary>
/// Normalises an http(s) URI for the RFC 9449 §4.3 <c>htu</c> comparison: scheme, authority and path only (query and
/// fragment dropped), with the syntax- and scheme-based normalisation of RFC 3986 §6.2.2–6.2.3.
/// </summary>
internal static class HttpTargetUri
{
    private const int MaxLength = 4096;

    private static readonly SearchValues<char> s_hostChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~");

    private static readonly SearchValues<char> s_ipLiteralChars =
        SearchValues.Create("abcdefABCDEF0123456789:.");

    // RFC 3986 §3.3 pchar (without pct-encoded) plus "/".
    private static readonly SearchValues<char> s_pathChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/");

    /// <summary>
    /// The normal form of <paramref name="uri"/>, or null when it is not an absolute http(s) URI Rein accepts
    /// (userinfo, non-ASCII, malformed percent-encoding and bad ports are refused).
    /// </summary>
    public static string? Normalize(ReadOnlySpan<char> uri)
    {
        if (uri.IsEmpty || uri.Length > MaxLength)
        {
            return null;
        }

        int colon = uri.IndexOf(':');
        if (colon <= 0)
        {
            return null;
        }

        // 6.2.2.1 / 6.2.3: scheme is case-insensitive; only http and https, whose default ports are known.
        ReadOnlySpan<char> scheme = uri[..colon];
        string normalScheme;
        int defaultPort;
        if (scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            normalScheme = "https";
            defaultPort = 443;
        }
        else if (scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
        {
            normalScheme = "http";
            defaultPort = 80;
        }
        else
        {
            return null;
        }

        ReadOnlySpan<char> rest = uri[(colon + 1)..];
        if (!rest.StartsWith("//"))
        {
            return null;
        }

        rest = rest[2..];
        int authorityEnd = rest.IndexOfAny('/', '?', '#');
        ReadOnlySpan<char> authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        ReadOnlySpan<char> afterAuthority = authorityEnd < 0 ? [] : rest[authorityEnd..];
        int pathEnd = afterAuthority.IndexOfAny('?', '#');
        ReadOnlySpan<char> path = pathEnd < 0 ? afterAuthority : afterAuthority[..pathEnd];

        var builder = new StringBuilder(uri.Length + 8);
        builder.Append(normalScheme).Append("://");
        if (!TryAppendAuthority(builder, authority, defaultPort))
        {
            return null;
        }

        int pathStart = builder.Length;
        if (!TryAppendPath(builder, path))
        {
            return null;
        }

        // 6.2.3: an empty path is equivalent to "/".
        if (builder.Length == pathStart)
        {
            builder.Append('/');
        }

        string normal = builder.ToString();
        return normal.AsSpan(pathStart).Contains('.') ? normal[..pathStart] + RemoveDotSegments(normal[pathStart..]) : normal;
    }

    private static bool TryAppendAuthority(StringBuilder builder, ReadOnlySpan<char> authority, int defaultPort)
    {
        if (authority.IsEmpty || authority.Contains('@'))
        {
            return false;
        }

        ReadOnlySpan<char> host;
        ReadOnlySpan<char> port;
        if (authority[0] == '[')
        {
            int close = authority.IndexOf(']');
            if (close < 2 || authority[1..close].ContainsAnyExcept(s_ipLiteralChars))
            {
                return false;
            }

            host = authority[..(close + 1)];
            ReadOnlySpan<char> tail = authority[(close + 1)..];
            if (!tail.IsEmpty && tail[0] != ':')
            {
                return false;
            }

            port = tail.IsEmpty ? [] : tail[1..];
        }
        else
        {
            int portColon = authority.IndexOf(':');
            host = portColon < 0 ? authority : authority[..portColon];
            port = portColon < 0 ? [] : authority[(portColon + 1)..];
            if (host.IsEmpty || host.ContainsAnyExcept(s_hostChars))
            {
                return false;
            }
        }

        // 6.2.2.1: the host is case-insensitive.
        foreach (char c in host)
        {
            builder.Append(char.ToLowerInvariant(c));
        }

        // 6.2.3: an empty port or the scheme's default port is omitted.
        if (!port.IsEmpty)
        {
            if (port.Length > 5 || port.ContainsAnyExceptInRange('0', '9')
                || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number > 65535)
            {
                return false;
            }

            if (number != defaultPort)
            {
                builder.Append(':').Append(number.ToString(CultureInfo.InvariantCulture));
            }
        }

        return true;
    }

    private static bool TryAppendPath(StringBuilder builder, ReadOnlySpan<char> path)
    {
        for (int i = 0; i < path.Length; i++)
        {
            char c = path[i];
            if (c != '%')
            {
                if (!s_pathChars.Contains(c))
                {
                    return false;
                }

                builder.Append(c);
                continue;
            }

            if (i + 2 >= path.Length || !char.IsAsciiHexDigit(path[i + 1]) || !char.IsAsciiHexDigit(path[i + 2]))
            {
                return false;
            }

            int value = (HexValue(path[i + 1]) << 4) | HexValue(path[i + 2]);
            char decoded = (char)value;

            // 6.2.2.2: decode percent-encoded unreserved characters; 6.2.2.1: upper-case the hex digits of the rest.
            if (char.IsAsciiLetterOrDigit(decoded) || decoded is '-' or '.' or '_' or '~')
            {
                builder.Append(decoded);
            }
            else
            {
                builder.Append('%').Append(char.ToUpperInvariant(path[i + 1])).Append(char.ToUpperInvariant(path[i + 2]));
            }

            i += 2;
        }

        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>RFC 3986 §5.2.4 remove_dot_segments, for an absolute path (6.2.2.3).</summary>
    private static string RemoveDotSegments(string path)
    {
        var output = new StringBuilder(path.Length);
        ReadOnlySpan<char> input = path;
        while (!input.IsEmpty)
        {
            if (input.StartsWith("../"))
            {
                input = input[3..];
            }
            else if (input.StartsWith("./"))
            {
                input = input[2..];
            }
            else if (input.StartsWith("/./"))
            {
                input = input[2..];
            }
            else if (input.SequenceEqual("/."))
            {
                input = "/";
            }
            else if (input.StartsWith("/../"))
            {
                input = input[3..];
                RemoveLastSegment(output);
            }
            else if (input.SequenceEqual("/.."))
            {
                input = "/";
                RemoveLastSegment(output);
            }
            else if (input.SequenceEqual(".") || input.SequenceEqual(".."))
            {
                input = [];
            }
            else
            {
                int next = input.Length > 1 ? input[1..].IndexOf('/') : -1;
                int end = next < 0 ? input.Length : next + 1;
                output.Append(input[..end]);
                input = input[end..];
            }
        }

        return output.Length == 0 ? "/" : output.ToString();
    }

    private static void RemoveLastSegment(StringBuilder output)
    {
        int i = output.Length - 1;
        while (i >= 0 && output[i] != '/')
        {
            i--;
        }

        output.Length = Math.Max(i, 0);
    }
}
