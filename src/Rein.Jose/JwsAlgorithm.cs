using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Rein.Jose;

/// <summary>What a JWS algorithm needs from a key and how it signs: the internal counterpart of <see cref="JwsAlgorithms"/>.</summary>
internal sealed class JwsAlgorithm
{
    private static readonly FrozenDictionary<string, JwsAlgorithm> s_all = new JwsAlgorithm[]
    {
        new(JwsAlgorithms.ES256, HashAlgorithmName.SHA256, JsonWebKeyCurves.P256, null),
        new(JwsAlgorithms.ES384, HashAlgorithmName.SHA384, JsonWebKeyCurves.P384, null),
        new(JwsAlgorithms.ES512, HashAlgorithmName.SHA512, JsonWebKeyCurves.P521, null),
        new(JwsAlgorithms.RS256, HashAlgorithmName.SHA256, null, RSASignaturePadding.Pkcs1),
        new(JwsAlgorithms.RS384, HashAlgorithmName.SHA384, null, RSASignaturePadding.Pkcs1),
        new(JwsAlgorithms.RS512, HashAlgorithmName.SHA512, null, RSASignaturePadding.Pkcs1),
        // Note: .NET's PSS padding uses a salt as long as the hash output, which is what RFC 7518 §3.5 requires.
        new(JwsAlgorithms.PS256, HashAlgorithmName.SHA256, null, RSASignaturePadding.Pss),
        new(JwsAlgorithms.PS384, HashAlgorithmName.SHA384, null, RSASignaturePadding.Pss),
        new(JwsAlgorithms.PS512, HashAlgorithmName.SHA512, null, RSASignaturePadding.Pss),
    }.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);

    private JwsAlgorithm(string name, HashAlgorithmName hash, JsonWebKeyCurve? curve, RSASignaturePadding? padding)
    {
        Name = name;
        Hash = hash;
        Curve = curve;
        Padding = padding;
    }

    public string Name { get; }

    public HashAlgorithmName Hash { get; }

    /// <summary>The curve for ECDSA algorithms; null for RSA.</summary>
    public JsonWebKeyCurve? Curve { get; }

    /// <summary>The padding for RSA algorithms; null for ECDSA.</summary>
    public RSASignaturePadding? Padding { get; }

    [MemberNotNullWhen(true, nameof(Curve))]
    [MemberNotNullWhen(false, nameof(Padding))]
    public bool IsEcdsa => Curve is not null;

    public static bool TryGet(string? name, [NotNullWhen(true)] out JwsAlgorithm? algorithm)
    {
        if (name is null)
        {
            algorithm = null;
            return false;
        }

        return s_all.TryGetValue(name, out algorithm);
    }
}
