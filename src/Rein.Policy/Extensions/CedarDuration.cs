using System.Globalization;

namespace Rein.Policy.Extensions;

/// <summary>The <c>duration</c> extension: milliseconds, parsed from <c>-?(Nd)?(Nh)?(Nm)?(Ns)?(Nms)?</c>.</summary>
internal static class CedarDuration
{
    private static readonly long[] UnitMillis = [86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L];

    public static bool TryParse(string text, out long value)
    {
        value = 0;
        if (text.Length == 0 || text == "-")
        {
            return false;
        }

        var negative = text[0] == '-';
        var pos = negative ? 1 : 0;
        Span<ulong> amounts = stackalloc ulong[5];
        Span<bool> present = stackalloc bool[5];
        var nextUnit = 0;
        while (pos < text.Length)
        {
            var start = pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]))
            {
                pos++;
            }

            if (pos == start || pos >= text.Length)
            {
                return false;
            }

            int unit;
            var c = text[pos];
            if (c == 'd')
            {
                unit = 0;
                pos++;
            }
            else if (c == 'h')
            {
                unit = 1;
                pos++;
            }
            else if (c == 'm' && pos + 1 < text.Length && text[pos + 1] == 's')
            {
                unit = 4;
                pos += 2;
            }
            else if (c == 'm')
            {
                unit = 2;
                pos++;
            }
            else if (c == 's')
            {
                unit = 3;
                pos++;
            }
            else
            {
                return false;
            }

            if (unit < nextUnit)
            {
                return false;
            }

            nextUnit = unit + 1;
            present[unit] = true;
            if (!ulong.TryParse(text.AsSpan(start, pos - start - (unit == 4 ? 2 : 1)), NumberStyles.None, CultureInfo.InvariantCulture, out amounts[unit]))
            {
                return false;
            }
        }

        try
        {
            long ms;
            if (negative)
            {
                var m = (Int128)amounts[4];
                if (m > (Int128)long.MaxValue + 1)
                {
                    return false;
                }

                ms = (long)(-m);
            }
            else
            {
                if (amounts[4] > long.MaxValue)
                {
                    return false;
                }

                ms = (long)amounts[4];
            }

            for (var unit = 3; unit >= 0; unit--)
            {
                if (amounts[unit] > long.MaxValue)
                {
                    return false;
                }

                var part = checked((long)amounts[unit] * UnitMillis[unit]);
                ms = negative ? checked(ms - part) : checked(ms + part);
            }

            value = ms;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    public static string Format(long ms) => ms.ToString(CultureInfo.InvariantCulture) + "ms";
}
