using System.Numerics;
using System.Runtime.InteropServices;

namespace Rein.Policy;

/// <summary>Word-wise AND and OR of equally long bit sets, a vector register at a time where the CPU has them.</summary>
internal static class BitSets
{
    public static void Or(Span<ulong> into, ReadOnlySpan<ulong> bits)
    {
        var done = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vInto = MemoryMarshal.Cast<ulong, Vector<ulong>>(into);
            var vBits = MemoryMarshal.Cast<ulong, Vector<ulong>>(bits[..into.Length]);
            for (var i = 0; i < vInto.Length; i++)
            {
                vInto[i] |= vBits[i];
            }

            done = vInto.Length * Vector<ulong>.Count;
        }

        for (var i = done; i < into.Length; i++)
        {
            into[i] |= bits[i];
        }
    }

    public static void And(Span<ulong> into, ReadOnlySpan<ulong> bits)
    {
        var done = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vInto = MemoryMarshal.Cast<ulong, Vector<ulong>>(into);
            var vBits = MemoryMarshal.Cast<ulong, Vector<ulong>>(bits[..into.Length]);
            for (var i = 0; i < vInto.Length; i++)
            {
                vInto[i] &= vBits[i];
            }

            done = vInto.Length * Vector<ulong>.Count;
        }

        for (var i = done; i < into.Length; i++)
        {
            into[i] &= bits[i];
        }
    }
}
