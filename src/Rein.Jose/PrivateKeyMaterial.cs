using System.Security.Cryptography;

namespace Rein.Jose;

/// <summary>
/// The private members of a JWK, decoded and padded to the lengths .NET expects. For EC only <see cref="D"/> is set;
/// for RSA the CRT members are either all present or all null (RFC 7518 §6.3.2).
/// </summary>
internal sealed class PrivateKeyMaterial
{
    public PrivateKeyMaterial(byte[] d, byte[]? p = null, byte[]? q = null, byte[]? dp = null, byte[]? dq = null, byte[]? qi = null)
    {
        D = d;
        P = p;
        Q = q;
        DP = dp;
        DQ = dq;
        InverseQ = qi;
    }

    public byte[] D { get; }

    public byte[]? P { get; }

    public byte[]? Q { get; }

    public byte[]? DP { get; }

    public byte[]? DQ { get; }

    public byte[]? InverseQ { get; }

    public bool HasCrtParameters => P is not null;

    public ECParameters ToEcParameters(JsonWebKeyCurve curve, byte[] x, byte[] y) => new()
    {
        Curve = curve.Curve,
        Q = new ECPoint { X = x, Y = y },
        D = D,
    };

    public RSAParameters ToRsaParameters(byte[] modulus, byte[] exponent) => new()
    {
        Modulus = modulus,
        Exponent = exponent,
        D = D,
        P = P,
        Q = Q,
        DP = DP,
        DQ = DQ,
        InverseQ = InverseQ,
    };
}
