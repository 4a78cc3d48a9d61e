using System.Globalization;
using System.Text;

namespace Rein.Policy.Extensions;

/// <summary>
/// An <c>ipaddr</c> value: an IPv4 or IPv6 address with a prefix length, parsed the way Cedar parses it
/// (no IPv4 embedded in IPv6, no leading zeros in IPv4 octets or in the prefix, at most 43 bytes).
/// </summary>
internal sealed class IpAddr : IEquatable<IpAddr>
{
    private const int MaxTextBytes = 43;

    private IpAddr(bool isV4, UInt128 address, byte prefix)
    {
        IsV4 = isV4;
        Address = address;
        Prefix = prefix;
    }

    public bool IsV4 { get; }

    public UInt128 Address { get; }

    public byte Prefix { get; }

    public bool IsLoopback => IsV4
        ? (Address >> 24) == 127 && Prefix >= 8
        : Address == UInt128.One && Prefix >= 128;

    public bool IsMulticast => IsV4
        ? (Address >> 28) == 0xE && Prefix >= 4
        : (Address >> 120) == 0xFF && Prefix >= 8;

    public bool IsInRange(IpAddr other)
    {
        if (IsV4 != other.IsV4)
        {
            return false;
        }

        var width = IsV4 ? 32 : 128;
        var all = IsV4 ? (UInt128)uint.MaxValue : UInt128.MaxValue;
        var selfNetwork = Address & NetMask(Prefix, width, all);
        var otherNetwork = other.Address & NetMask(other.Prefix, width, all);
        var selfBroadcast = Address | HostMask(Prefix, width, all);
        var otherBroadcast = other.Address | HostMask(other.Prefix, width, all);
        return otherNetwork <= selfNetwork && selfBroadcast <= otherBroadcast;
    }

    private static UInt128 NetMask(int prefix, int width, UInt128 all) =>
        prefix == 0 ? UInt128.Zero : (all << (width - prefix)) & all;

    private static UInt128 HostMask(int prefix, int width, UInt128 all) =>
        prefix >= width ? UInt128.Zero : all >> prefix;

    public static bool TryParse(string text, out IpAddr? value)
    {
        value = null;
        if (Encoding.UTF8.GetByteCount(text) > MaxTextBytes)
        {
            return false;
        }

        // Note: Cedar refuses IPv4 embedded in IPv6 by rejecting any text with two colons and two dots.
        if (Count(text, ':') >= 2 && Count(text, '.') >= 2)
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        bool isV4;
        UInt128 address;
        if (TryParseV4(addressText, out var v4))
        {
            isV4 = true;
            address = v4;
        }
        else if (TryParseV6(addressText, out var v6))
        {
            isV4 = false;
            address = v6;
        }
        else
        {
            return false;
        }

        byte prefix;
        if (slash < 0)
        {
            prefix = isV4 ? (byte)32 : (byte)128;
        }
        else
        {
            var p = text[(slash + 1)..];
            var maxLength = isV4 ? 2 : 3;
            var max = isV4 ? 32 : 128;
            if (p.Length == 0 || p.Length > maxLength)
            {
                return false;
            }

            foreach (var c in p)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }
            }

            if (p[0] == '0' && p.Length > 1)
            {
                return false;
            }

            var n = int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture);
            if (n > max)
            {
                return false;
            }

            prefix = (byte)n;
        }

        value = new IpAddr(isV4, address, prefix);
        return true;
    }

    private static int Count(string s, char c)
    {
        var n = 0;
        foreach (var x in s)
        {
            if (x == c)
            {
                n++;
            }
        }

        return n;
    }

    private static bool TryParseV4(string s, out UInt128 address)
    {
        address = UInt128.Zero;
        var pos = 0;
        uint result = 0;
        for (var part = 0; part < 4; part++)
        {
            if (part > 0)
            {
                if (pos >= s.Length || s[pos] != '.')
                {
                    return false;
                }

                pos++;
            }

            var start = pos;
            var n = 0;
            while (pos < s.Length && char.IsAsciiDigit(s[pos]))
            {
                n = (n * 10) + (s[pos] - '0');
                pos++;
                if (pos - start > 3)
                {
                    return false;
                }
            }

            var digits = pos - start;
            if (digits == 0 || (digits > 1 && s[start] == '0') || n > 255)
            {
                return false;
            }

            result = (result << 8) | (uint)n;
        }

        if (pos != s.Length)
        {
            return false;
        }

        address = result;
        return true;
    }

    private static bool TryParseV6(string s, out UInt128 address)
    {
        address = UInt128.Zero;
        Span<ushort> head = stackalloc ushort[8];
        Span<ushort> tail = stackalloc ushort[7];
        var pos = 0;
        var headSize = ReadGroups(s, ref pos, head);
        if (headSize < 8)
        {
            if (pos + 1 >= s.Length || s[pos] != ':' || s[pos + 1] != ':')
            {
                return false;
            }

            pos += 2;
            var limit = 8 - (headSize + 1);
            var tailSize = ReadGroups(s, ref pos, tail[..limit]);
            tail[..tailSize].CopyTo(head[(8 - tailSize)..]);
        }

        if (pos != s.Length)
        {
            return false;
        }

        UInt128 value = UInt128.Zero;
        foreach (var g in head)
        {
            value = (value << 16) | g;
        }

        address = value;
        return true;
    }

    private static int ReadGroups(string s, ref int pos, Span<ushort> groups)
    {
        for (var i = 0; i < groups.Length; i++)
        {
            var save = pos;
            if (i > 0)
            {
                if (pos >= s.Length || s[pos] != ':')
                {
                    return i;
                }

                pos++;
            }

            var start = pos;
            var n = 0;
            var tooLong = false;
            while (pos < s.Length && char.IsAsciiHexDigit(s[pos]))
            {
                n = (n << 4) | HexValue(s[pos]);
                pos++;
                if (pos - start > 4)
                {
                    tooLong = true;
                    break;
                }
            }

            if (tooLong || pos == start)
            {
                pos = save;
                return i;
            }

            groups[i] = (ushort)n;
        }

        return groups.Length;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    public bool Equals(IpAddr? other) =>
        other is not null && IsV4 == other.IsV4 && Address == other.Address && Prefix == other.Prefix;

    public override bool Equals(object? obj) => Equals(obj as IpAddr);

    public override int GetHashCode() => HashCode.Combine(IsV4, Address, Prefix);

    public override string ToString()
    {
        string text;
        if (IsV4)
        {
            var a = (uint)Address;
            text = string.Create(CultureInfo.InvariantCulture, $"{a >> 24}.{(a >> 16) & 0xFF}.{(a >> 8) & 0xFF}.{a & 0xFF}");
        }
        else
        {
            var bytes = new byte[16];
            for (var i = 0; i < 16; i++)
            {
                bytes[i] = (byte)(Address >> (8 * (15 - i)));
            }

            text = new System.Net.IPAddress(bytes).ToString();
        }

        return text + "/" + Prefix.ToString(CultureInfo.InvariantCulture);
    }
}
