using System.Buffers;
using System.Buffers.Text;

namespace Rein.Jose;

/// <summary>
/// base64url exactly as RFC 7515 §2 defines it: the URL-safe alphabet, no padding, no whitespace or line breaks.
/// </summary>
internal static class StrictBase64Url
{
    private static readonly SearchValues<char> s_alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>
    /// True when <paramref name="text"/> is canonical base64url. Note: the unused low bits of the last character must
    /// be zero, so every byte string has exactly one accepted encoding (RFC 4648 §3.5 lets decoders reject others;
    /// a unique encoding keeps RFC 7638 thumbprints and signatures unambiguous).
    /// </summary>
    public static bool IsValid(ReadOnlySpan<char> text)
    {
        int remainder = text.Length & 3;
        if (remainder == 1 || text.ContainsAnyExcept(s_alphabet))
        {
            return false;
        }

        if (remainder == 0)
        {
            return true;
        }

        int last = SextetOf(text[^1]);
        int unusedBitsMask = remainder == 2 ? 0x0F : 0x03;
        return (last & unusedBitsMask) == 0;
    }

    /// <summary>The exact number of bytes a valid encoding of <paramref name="charLength"/> characters decodes to.</summary>
    public static int DecodedLength(int charLength) => (charLength / 4 * 3) + ((charLength & 3) switch
    {
        2 => 1,
        3 => 2,
        _ => 0,
    });

    /// <summary>Decodes into <paramref name="destination"/>, which must hold <see cref="DecodedLength"/> bytes.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten)
    {
        if (!IsValid(text) || destination.Length < DecodedLength(text.Length))
        {
            bytesWritten = 0;
            return false;
        }

        return Base64Url.TryDecodeFromChars(text, destination, out bytesWritten);
    }

    /// <summary>Decodes to a new array, or null when the text is not canonical base64url.</summary>
    public static byte[]? Decode(ReadOnlySpan<char> text)
    {
        if (!IsValid(text))
        {
            return null;
        }

        var bytes = new byte[DecodedLength(text.Length)];
        return Base64Url.TryDecodeFromChars(text, bytes, out int written) && written == bytes.Length ? bytes : null;
    }

    private static int SextetOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        _ => 63,
    };
}
