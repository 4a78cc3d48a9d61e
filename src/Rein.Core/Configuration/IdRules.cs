namespace Rein.Core.Configuration;

/// <summary>The syntax of tool, agent and admin ids and of action names.</summary>
internal static class IdRules
{
    /// <summary>The longest id: 64 characters.</summary>
    public const int MaxIdLength = 64;

    /// <summary>The longest action name: 128 characters.</summary>
    public const int MaxActionNameLength = 128;

    /// <summary>The message for an id that breaks <see cref="IsValidId"/>.</summary>
    public const string IdSyntax =
        "use lower-case letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters";

    /// <summary>The message for an action name that breaks <see cref="IsValidActionName"/>.</summary>
    public const string ActionNameSyntax = "use letters, digits, '.', '_', ':' and '-', at most 128 characters";

    /// <summary>Whether <paramref name="id"/> matches <c>[a-z0-9][a-z0-9-_.]{0,63}</c>.</summary>
    public static bool IsValidId(string id)
    {
        if (id.Length is 0 or > MaxIdLength || !IsLowerAlphanumeric(id[0]))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!IsLowerAlphanumeric(c) && c is not '-' and not '_' and not '.')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="name"/> matches <c>[A-Za-z0-9._:-]{1,128}</c>; such a name is also a valid OAuth scope
    /// token (RFC 6749 §3.3).
    /// </summary>
    public static bool IsValidActionName(string name)
    {
        if (name.Length is 0 or > MaxActionNameLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '.' and not '_' and not ':' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}
