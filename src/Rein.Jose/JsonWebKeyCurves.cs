using System.Security.Cryptography;

namespace Rein.Jose;

/// <summary>The curves Rein accepts in an EC JWK.</summary>
internal static class JsonWebKeyCurves
{
    public static readonly JsonWebKeyCurve P256 = new("P-256", ECCurve.NamedCurves.nistP256, 32);
    public static readonly JsonWebKeyCurve P384 = new("P-384", ECCurve.NamedCurves.nistP384, 48);
    public static readonly JsonWebKeyCurve P521 = new("P-521", ECCurve.NamedCurves.nistP521, 66);

    public static JsonWebKeyCurve? Find(string name) => name switch
    {
        "P-256" => P256,
        "P-384" => P384,
        "P-521" => P521,
        _ => null,
    };
}
