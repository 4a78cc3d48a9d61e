using System.Numerics;
using System.Security.Cryptography;

namespace Rein.Jose;

/// <summary>A NIST curve usable for JWS (RFC 7518 §6.2.1.1) and the fixed sizes that go with it.</summary>
internal sealed class JsonWebKeyCurve
{
    private readonly Lazy<(BigInteger Prime, BigInteger B)> _equation;

    public JsonWebKeyCurve(string name, ECCurve curve, int fieldSize)
    {
        Name = name;
        Curve = curve;
        FieldSize = fieldSize;
        _equation = new Lazy<(BigInteger, BigInteger)>(() =>
        {
            // Note: the platform knows the explicit parameters of its named curves; ask it once instead of
            // copying constants from FIPS 186 by hand.
            using ECDsa probe = ECDsa.Create(curve);
            ECCurve explicitCurve = probe.ExportExplicitParameters(includePrivateParameters: false).Curve;
            return (
                new BigInteger(explicitCurve.Prime, isUnsigned: true, isBigEndian: true),
                new BigInteger(explicitCurve.B, isUnsigned: true, isBigEndian: true));
        });
    }

    /// <summary>The JWK <c>crv</c> value.</summary>
    public string Name { get; }

    public ECCurve Curve { get; }

    /// <summary>Bytes in one coordinate, in <c>d</c>, and in each half of a JWS signature (RFC 7518 §3.4, §6.2.1.2).</summary>
    public int FieldSize { get; }

    public int SignatureSize => 2 * FieldSize;

    /// <summary>
    /// Checks y² = x³ − 3x + b (mod p) with 0 ≤ x, y &lt; p (all three curves have a = −3). Note: an off-curve point
    /// enables invalid-curve attacks; checking here keeps the rule independent of the crypto backend.
    /// </summary>
    public bool Contains(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        (BigInteger p, BigInteger b) = _equation.Value;
        var bx = new BigInteger(x, isUnsigned: true, isBigEndian: true);
        var by = new BigInteger(y, isUnsigned: true, isBigEndian: true);
        if (bx >= p || by >= p)
        {
            return false;
        }

        BigInteger left = BigInteger.ModPow(by, 2, p);
        BigInteger right = (BigInteger.ModPow(bx, 3, p) - (3 * bx) + b) % p;
        if (right.Sign < 0)
        {
            right += p;
        }

        return left == right;
    }
}
