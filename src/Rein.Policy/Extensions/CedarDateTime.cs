using System.Globalization;

namespace Rein.Policy.Extensions;

/// <summary>
/// The <c>datetime</c> extension: milliseconds since the Unix epoch, parsed from
/// <c>YYYY-MM-DD</c>, optionally followed by <c>Thh:mm:ss</c>, optional <c>.SSS</c> and <c>Z</c> or <c>(+|-)hhmm</c>.
/// </summary>
internal static class CedarDateTime
{
    public const long DayMillis = 86_400_000L;

    public static bool TryParse(string s, out long epochMillis)
    {
        epochMillis = 0;
        if (s.Length < 10 || !Digits(s, 0, 4) || s[4] != '-' || !Digits(s, 5, 2) || s[7] != '-' || !Digits(s, 8, 2))
        {
            return false;
        }

        var year = Number(s, 0, 4);
        var month = Number(s, 5, 2);
        var day = Number(s, 8, 2);
        long h = 0, m = 0, sec = 0, ms = 0, offsetSeconds = 0;
        if (s.Length > 10)
        {
            if (s.Length < 19 || s[10] != 'T' || !Digits(s, 11, 2) || s[13] != ':' || !Digits(s, 14, 2) || s[16] != ':' || !Digits(s, 17, 2))
            {
                return false;
            }

            h = Number(s, 11, 2);
            m = Number(s, 14, 2);
            sec = Number(s, 17, 2);
            var pos = 19;
            if (pos < s.Length && s[pos] == '.')
            {
                if (!Digits(s, pos + 1, 3))
                {
                    return false;
                }

                ms = Number(s, pos + 1, 3);
                pos += 4;
            }

            var rest = s.Length - pos;
            if (rest == 1 && s[pos] == 'Z')
            {
                offsetSeconds = 0;
            }
            else if (rest == 5 && (s[pos] == '+' || s[pos] == '-') && Digits(s, pos + 1, 4))
            {
                var oh = Number(s, pos + 1, 2);
                var om = Number(s, pos + 3, 2);
                if (oh >= 24 || om >= 60)
                {
                    return false;
                }

                offsetSeconds = ((oh * 3600) + (om * 60)) * (s[pos] == '+' ? 1 : -1);
            }
            else
            {
                return false;
            }
        }

        if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month))
        {
            return false;
        }

        if (h >= 24 || m >= 60 || sec >= 60)
        {
            return false;
        }

        var days = DaysFromCivil(year, month, day);
        epochMillis = (days * DayMillis) + (h * 3_600_000L) + (m * 60_000L) + (sec * 1000L) + ms - (offsetSeconds * 1000L);
        return true;
    }

    public static bool TryToDate(long epoch, out long date)
    {
        if (epoch >= 0)
        {
            date = epoch / DayMillis * DayMillis;
            return true;
        }

        if (epoch % DayMillis == 0)
        {
            date = epoch;
            return true;
        }

        try
        {
            date = checked(((epoch / DayMillis) - 1) * DayMillis);
            return true;
        }
        catch (OverflowException)
        {
            date = 0;
            return false;
        }
    }

    public static long ToTime(long epoch)
    {
        if (epoch >= 0)
        {
            return epoch % DayMillis;
        }

        var rem = epoch % DayMillis;
        return rem == 0 ? rem : rem + DayMillis;
    }

    private static bool Digits(string s, int start, int count)
    {
        if (start + count > s.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static long Number(string s, int start, int count) =>
        long.Parse(s.AsSpan(start, count), NumberStyles.None, CultureInfo.InvariantCulture);

    private static long DaysInMonth(long year, long month) => month switch
    {
        2 => (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    // Note: days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's days_from_civil).
    private static long DaysFromCivil(long y, long m, long d)
    {
        y -= m <= 2 ? 1 : 0;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yoe = y - (era * 400);
        var doy = ((153 * (m + (m > 2 ? -3 : 9))) + 2) / 5 + d - 1;
        var doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
        return (era * 146097) + doe - 719468;
    }

    public static string Format(long epochMillis) =>
        string.Create(CultureInfo.InvariantCulture, $"datetime(\"1970-01-01\").offset(duration(\"{epochMillis}ms\"))");
}
