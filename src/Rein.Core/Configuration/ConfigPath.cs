namespace Rein.Core.Configuration;

/// <summary>
/// Builds the paths errors are reported at: <c>tools[0].actions[1].match</c>. Keys that are not plain identifiers
/// (a tool id with a dot, say) are written in brackets: <c>agents[0].tools['billing.v2']</c>.
/// </summary>
internal static class ConfigPath
{
    /// <summary>The path of a mapping key under <paramref name="parent"/>.</summary>
    public static string Key(string parent, string key)
    {
        if (!IsPlainKey(key))
        {
            return $"{parent}['{key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";
        }

        return parent.Length == 0 ? key : $"{parent}.{key}";
    }

    /// <summary>The path of a sequence item under <paramref name="parent"/>.</summary>
    public static string Index(string parent, int index) => $"{parent}[{index}]";

    /// <summary>The path one level up, or <see langword="null"/> for the root.</summary>
    public static string? Parent(string path)
    {
        if (path.Length == 0)
        {
            return null;
        }

        if (path.EndsWith("']", StringComparison.Ordinal))
        {
            return path[..path.LastIndexOf("['", StringComparison.Ordinal)];
        }

        if (path.EndsWith(']'))
        {
            return path[..path.LastIndexOf('[')];
        }

        var dot = path.LastIndexOf('.');
        return dot < 0 ? "" : path[..dot];
    }

    private static bool IsPlainKey(string key)
    {
        if (key.Length == 0)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
            {
                return false;
            }
        }

        return true;
    }
}
