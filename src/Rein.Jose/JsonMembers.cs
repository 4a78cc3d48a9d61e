using System.Text.Json;

namespace Rein.Jose;

/// <summary>Small, allocation-light helpers for reading members of a JSON object that was already parsed.</summary>
internal static class JsonMembers
{
    /// <summary>Options for JOSE headers and JWKs: no duplicate names (RFC 7515 §4, RFC 7519 §4), shallow, strict.</summary>
    public static readonly JsonDocumentOptions Strict = new()
    {
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
    };

    /// <summary>Options for JWT claim sets: no duplicate names, the default depth.</summary>
    public static readonly JsonDocumentOptions StrictPayload = new()
    {
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    /// <summary>
    /// True when two members of the object share a name (after unescaping), or when a name cannot be read as text
    /// (an escaped lone surrogate): either way the object is not one a JOSE parser may accept.
    /// </summary>
    public static bool HasDuplicateNames(JsonElement obj)
    {
        HashSet<string>? seen = null;
        try
        {
            foreach (JsonProperty property in obj.EnumerateObject())
            {
                seen ??= new HashSet<string>(StringComparer.Ordinal);
                if (!seen.Add(property.Name))
                {
                    return true;
                }
            }
        }
        catch (InvalidOperationException)
        {
            return true;
        }

        return false;
    }

    /// <summary>
    /// Reads an optional string member. Returns false when the member is present with a non-string value;
    /// <paramref name="value"/> is null when the member is absent.
    /// </summary>
    public static bool TryGetOptionalString(JsonElement obj, string name, out string? value)
    {
        if (!obj.TryGetProperty(name, out JsonElement element))
        {
            value = null;
            return true;
        }

        return TryGetString(element, out value);
    }

    /// <summary>
    /// Reads an optional string member by its UTF-8 name (no transcoding of the name per lookup). Returns false when
    /// the member is present with a non-string value; <paramref name="value"/> is null when the member is absent.
    /// </summary>
    public static bool TryGetOptionalString(JsonElement obj, ReadOnlySpan<byte> utf8Name, out string? value)
    {
        if (!obj.TryGetProperty(utf8Name, out JsonElement element))
        {
            value = null;
            return true;
        }

        return TryGetString(element, out value);
    }

    /// <summary>
    /// Reads a string value. False for a non-string, and for a string that is not valid Unicode (invalid UTF-8 or an
    /// escaped lone surrogate), which <see cref="JsonElement.GetString"/> would otherwise throw on.
    /// </summary>
    public static bool TryGetString(JsonElement element, out string? value)
    {
        value = null;
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            value = element.GetString();
            return value is not null;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>True when the element is a string equal (ordinal) to <paramref name="expected"/>; false for anything unreadable.</summary>
    public static bool StringEquals(JsonElement element, string expected)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            return element.ValueEquals(expected);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
