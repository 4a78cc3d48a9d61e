using System.Text;
using Rein.Jose;

namespace Rein.Signals.Tests.Infrastructure;

/// <summary>
/// A transmitter's signing side, written by hand so tests control every byte: the protected header (alg, typ, kid)
/// and the payload text itself — even text that is not valid JSON, as one spec example is.
/// </summary>
internal sealed class TestTransmitter(string issuer, SigningKey key)
{
    public string Issuer { get; } = issuer;
    public SigningKey Key { get; } = key;

    public static TestTransmitter Create(string issuer, string kid = "tx-1") => new(issuer, SigningKey.Generate(JwsAlgorithms.ES256, kid));

    /// <summary><c>{"keys":[…]}</c> with the public key.</summary>
    public string Jwks => Rein.Jose.JsonWebKeySet.Create([Key.PublicJwk]).ToPublicJson();

    /// <summary>Signs <paramref name="payload"/> verbatim as a SET (typ secevent+jwt unless told otherwise).</summary>
    public string Sign(string payload, string typ = "secevent+jwt", string? kid = null, string? alg = null) =>
        SignWith(Key, payload, typ, kid ?? Key.KeyId, alg ?? Key.Algorithm);

    public static string SignWith(SigningKey key, string payload, string? typ, string? kid, string alg)
    {
        var header = new StringBuilder("{\"alg\":\"").Append(alg).Append('"');
        if (typ is not null) header.Append(",\"typ\":\"").Append(typ).Append('"');
        if (kid is not null) header.Append(",\"kid\":\"").Append(kid).Append('"');
        header.Append('}');
        var signingInput = B64(Encoding.UTF8.GetBytes(header.ToString())) + "." + B64(Encoding.UTF8.GetBytes(payload));
        var signature = new byte[key.SignatureSize];
        var written = key.Sign(Encoding.ASCII.GetBytes(signingInput), signature);
        return signingInput + "." + B64(signature.AsSpan(0, written));
    }

    public static string B64(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
