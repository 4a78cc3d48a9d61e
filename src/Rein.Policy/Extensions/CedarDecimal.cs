using System.Globalization;

namespace Rein.Policy.Extensions;

/// <summary>The <c>decimal</c> extension: a 64-bit integer scaled by 10^4, parsed from <c>-?digits.digits</c>.</summary>
internal static class CedarDecimal
{
    public const int Scale = 10_000;

    public static bool TryParse(string text, out long value)
    {
        value = 0;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return false;
        }

        var left = text.AsSpan(0, dot);
        var right = text.AsSpan(dot + 1);
        var leftDigits = left.Length > 0 && left[0] == '-' ? left[1..] : left;
        if (!AllDigits(leftDigits) || !AllDigits(right))
        {
            return false;
        }

        if (!long.TryParse(left, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return false;
        }

        if (right.Length > 4)
        {
            return false;
        }

        var r = long.Parse(right, NumberStyles.None, CultureInfo.InvariantCulture);
        for (var i = right.Length; i < 4; i++)
        {
            r *= 10;
        }

        try
        {
            l = checked(l * Scale);

            // Note: the sign comes from the integer part, so "-0.5" reads as 0.5, exactly as Cedar does.
            value = l >= 0 ? checked(l + r) : checked(l - r);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    public static string Format(long value)
    {
        var whole = value / Scale;
        var frac = Math.Abs(value % Scale);
        var sign = value < 0 && whole == 0 ? "-" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{whole}.{frac:D4}");
    }
}
