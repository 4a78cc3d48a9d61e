using System.Globalization;
using System.Text;

namespace Rein.Policy.Parsing;

/// <summary>
/// Cedar string escapes (the Rust rules): <c>\n \r \t \\ \0 \' \"</c>, <c>\xHH</c> up to 0x7F,
/// <c>\u{H..H}</c> with one to six hex digits naming a Unicode scalar value; in patterns also <c>\*</c>. As in Rust, a
/// bare carriage return inside a literal is an error. In a pattern only <c>\*</c> is a literal star: a star written
/// any other way, even as <c>\u{2a}</c> or <c>\x2a</c>, is a wildcard (Cedar unescapes first, then reads stars).
/// </summary>
internal static class StringUnescaper
{
    /// <summary>Unescapes a string literal; returns an error message or null.</summary>
    public static string? TryUnescape(string raw, out string value)
    {
        var result = Unescape(raw, pattern: false, out var text, out _);
        value = text;
        return result;
    }

    /// <summary>
    /// Unescapes a pattern literal into segments: literal text and wildcards. Returns an error message or null.
    /// </summary>
    public static string? TryUnescapePattern(string raw, out List<string?> segments)
    {
        var error = Unescape(raw, pattern: true, out _, out var parts);
        segments = parts!;
        return error;
    }

    private static string? Unescape(string raw, bool pattern, out string value, out List<string?>? segments)
    {
        value = string.Empty;
        segments = pattern ? [] : null;
        if (raw.IndexOf('\\', StringComparison.Ordinal) < 0 && !(pattern && raw.Contains('*', StringComparison.Ordinal)) && !raw.Contains('\r', StringComparison.Ordinal))
        {
            value = raw;
            if (pattern && raw.Length > 0)
            {
                segments!.Add(raw);
            }

            return null;
        }

        var sb = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '*' && pattern)
            {
                Wildcard(sb, segments!);
                continue;
            }

            if (c == '\r')
            {
                return "a bare carriage return in a string literal (write \\r)";
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            i++;
            if (i >= raw.Length)
            {
                return "invalid escape: a lone backslash";
            }

            var e = raw[i];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case '\\': sb.Append('\\'); break;
                case '0': sb.Append('\0'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case '*' when pattern: sb.Append('*'); break;
                case 'x':
                    {
                        if (i + 2 >= raw.Length || !char.IsAsciiHexDigit(raw[i + 1]) || !char.IsAsciiHexDigit(raw[i + 2]))
                        {
                            return "invalid escape: \\x needs two hex digits";
                        }

                        var v = int.Parse(raw.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                        if (v > 0x7F)
                        {
                            return "invalid escape: \\x is limited to 0x7F";
                        }

                        i += 2;
                        if (v == '*' && pattern)
                        {
                            Wildcard(sb, segments!);
                            break;
                        }

                        sb.Append((char)v);
                        break;
                    }

                case 'u':
                    {
                        if (i + 1 >= raw.Length || raw[i + 1] != '{')
                        {
                            return "invalid escape: \\u needs braces, as in \\u{1F600}";
                        }

                        var j = i + 2;
                        var digits = 0;
                        var v = 0;
                        while (j < raw.Length && raw[j] != '}')
                        {
                            var h = raw[j];
                            if (h == '_' && digits > 0)
                            {
                                j++;
                                continue;
                            }

                            if (!char.IsAsciiHexDigit(h))
                            {
                                return "invalid escape: bad character in \\u{...}";
                            }

                            digits++;
                            if (digits > 6)
                            {
                                return "invalid escape: more than six hex digits in \\u{...}";
                            }

                            v = (v << 4) | (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
                            j++;
                        }

                        if (j >= raw.Length || digits == 0)
                        {
                            return "invalid escape: unterminated or empty \\u{...}";
                        }

                        if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
                        {
                            return "invalid escape: not a Unicode scalar value";
                        }

                        i = j;
                        if (v == '*' && pattern)
                        {
                            Wildcard(sb, segments!);
                            break;
                        }

                        sb.Append(char.ConvertFromUtf32(v));
                        break;
                    }

                default:
                    return $"invalid escape \\{e}";
            }
        }

        value = sb.ToString();
        if (pattern && sb.Length > 0)
        {
            segments!.Add(sb.ToString());
        }

        return null;
    }

    /// <summary>Ends the literal segment being built, if any, and adds a wildcard.</summary>
    private static void Wildcard(StringBuilder literal, List<string?> segments)
    {
        if (literal.Length > 0)
        {
            segments.Add(literal.ToString());
            literal.Clear();
        }

        segments.Add(null);
    }
}
