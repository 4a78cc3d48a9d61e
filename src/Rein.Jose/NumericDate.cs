using System.Text.Json;

namespace Rein.Jose;

/// <summary>RFC 7519 §2 NumericDate: a JSON number of seconds since the epoch, integer or not.</summary>
internal static class NumericDate
{
    // Note: DateTimeOffset.MaxValue in Unix seconds; before 1970 is refused as nonsense for a token.
    private const long MaxSeconds = 253_402_300_799;

    public static bool TryRead(JsonElement element, out DateTimeOffset value)
    {
        value = default;
        if (element.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        if (element.TryGetInt64(out long seconds))
        {
            if (seconds is < 0 or > MaxSeconds)
            {
                return false;
            }

            value = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }

        if (!element.TryGetDouble(out double fractional) || !double.IsFinite(fractional) || fractional < 0 || fractional > MaxSeconds)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(fractional * 1000));
        return true;
    }
}
