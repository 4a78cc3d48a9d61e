namespace Rein.Core.Configuration;

/// <summary>
/// The syntax of an action's path template: <c>/tickets/{id}</c>, <c>/files/{*rest}</c>. It starts with '/'; each
/// segment is a literal or a whole <c>{name}</c> parameter; only the last may be a <c>{*name}</c> catch-all.
/// </summary>
internal static class PathTemplateRules
{
    /// <summary>Returns the error in <paramref name="template"/>, or <see langword="null"/> when it is valid.</summary>
    public static string? Check(string template)
    {
        if (!template.StartsWith('/'))
        {
            return $"the path {Quote.Value(template)} must start with '/'";
        }

        if (template.Contains('?', StringComparison.Ordinal) || template.Contains('#', StringComparison.Ordinal))
        {
            return $"the path {Quote.Value(template)} must not contain a query or fragment";
        }

        var segments = template[1..].Split('/');
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < segments.Length; i++)
        {
            var error = CheckSegment(segments[i], isLast: i == segments.Length - 1, names);
            if (error is not null)
            {
                return $"the path {Quote.Value(template)} is invalid: {error}";
            }
        }

        return null;
    }

    /// <summary>The template with parameter names erased, so that two templates matching the same requests compare equal.</summary>
    public static string Shape(string template) => string.Join(
        '/',
        template.Split('/').Select(segment => segment.StartsWith("{*", StringComparison.Ordinal) ? "{*}" : segment.StartsWith('{') ? "{}" : segment));

    private static string? CheckSegment(string segment, bool isLast, HashSet<string> names)
    {
        if (segment.Length == 0)
        {
            return isLast ? null : "empty segment ('//')";
        }

        if (segment.StartsWith('{') && segment.EndsWith('}') && segment.Length > 2)
        {
            var name = segment[1..^1];
            if (name.StartsWith('*'))
            {
                if (!isLast)
                {
                    return $"the catch-all '{segment}' must be the last segment";
                }

                name = name[1..];
            }

            if (!IsParameterName(name))
            {
                return $"'{segment}' is not a parameter name (letters, digits and '_', not starting with a digit)";
            }

            return names.Add(name) ? null : $"the parameter '{name}' appears twice";
        }

        if (segment.Contains('{', StringComparison.Ordinal) || segment.Contains('}', StringComparison.Ordinal))
        {
            return $"'{segment}': a parameter must be a whole segment, such as /files/{{name}}";
        }

        foreach (var c in segment)
        {
            // Note: RFC 3986 §3.3 pchar = unreserved / pct-encoded / sub-delims / ":" / "@".
            if (!char.IsAsciiLetterOrDigit(c) && !"-._~%!$&'()*+,;=:@".Contains(c, StringComparison.Ordinal))
            {
                return $"the character '{c}' is not allowed in a path";
            }
        }

        return null;
    }

    private static bool IsParameterName(string name) =>
        name.Length > 0
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
