using System.Globalization;

namespace Rein.Core.Configuration;

/// <summary>Durations as <c>rein.yaml</c> writes them: a whole number and one unit, <c>s</c>, <c>m</c> or <c>h</c> (<c>30s</c>, <c>5m</c>, <c>1h</c>).</summary>
internal static class DurationText
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Length < 2) return false;
        if (!int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)) return false;
        switch (text[^1])
        {
            case 's': duration = TimeSpan.FromSeconds(amount); return true;
            case 'm': duration = TimeSpan.FromMinutes(amount); return true;
            case 'h': duration = TimeSpan.FromHours(amount); return true;
            default: return false;
        }
    }
}
