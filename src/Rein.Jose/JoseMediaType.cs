namespace Rein.Jose;

/// <summary>RFC 7515 §4.1.9 comparison of <c>typ</c> (and <c>cty</c>) values.</summary>
internal static class JoseMediaType
{
    private const string ApplicationPrefix = "application/";

    /// <summary>
    /// True when the two values name the same media type: "application/" is implied for a value without '/',
    /// and media type names compare case-insensitively (RFC 2045 §5.1).
    /// </summary>
    public static bool AreEquivalent(ReadOnlySpan<char> a, ReadOnlySpan<char> b) =>
        Shorten(a).Equals(Shorten(b), StringComparison.OrdinalIgnoreCase);

    private static ReadOnlySpan<char> Shorten(ReadOnlySpan<char> value)
    {
        if (value.StartsWith(ApplicationPrefix, StringComparison.OrdinalIgnoreCase))
        {
            ReadOnlySpan<char> rest = value[ApplicationPrefix.Length..];
            if (!rest.IsEmpty && !rest.Contains('/'))
            {
                return rest;
            }
        }

        return value;
    }
}
