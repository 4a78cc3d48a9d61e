using System.Globalization;
using System.Text.RegularExpressions;

namespace Rein.Core.Configuration;

/// <summary>RFC 3339 §5.6 <c>date-time</c> with a mandatory offset, as grants' <c>from</c> and <c>until</c> are written.</summary>
public static partial class TimestampRules
{
    /// <summary>Parses <c>2026-06-30T18:00:00Z</c> or <c>2026-06-30T20:00:00.5+02:00</c>; anything else is refused.</summary>
    public static bool TryParse(string? text, out DateTimeOffset instant)
    {
        instant = default;
        return text is { Length: <= 40 } && Shape().IsMatch(text) &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
