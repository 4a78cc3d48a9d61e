using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Rein.Jose.Tests;

/// <summary>Builds compact JWS by hand, so tests can produce exactly the malformed input they need.</summary>
internal static class TestJws
{
    public static string B64(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    public static string B64(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    /// <summary>Signs raw header and payload JSON text with <paramref name="key"/> (or leaves the signature empty).</summary>
    public static string Sign(string headerJson, string payloadJson, SigningKey? key)
    {
        string signingInput = B64(headerJson) + "." + B64(payloadJson);
        if (key is null)
        {
            return signingInput + ".";
        }

        byte[] signature = new byte[key.SignatureSize];
        key.Sign(Encoding.ASCII.GetBytes(signingInput), signature);
        return signingInput + "." + B64(signature);
    }

    /// <summary>Signs raw header and payload bytes, which need not be valid UTF-8.</summary>
    public static string Sign(byte[] header, byte[] payload, SigningKey key)
    {
        string signingInput = B64(header) + "." + B64(payload);
        byte[] signature = new byte[key.SignatureSize];
        key.Sign(Encoding.ASCII.GetBytes(signingInput), signature);
        return signingInput + "." + B64(signature);
    }

    public static string Hmac(string headerJson, string payloadJson, byte[] secret)
    {
        string signingInput = B64(headerJson) + "." + B64(payloadJson);
        byte[] mac = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + B64(mac);
    }

    public static string PublicJwkJson(SigningKey key) => PublicJwkJson(key.PublicJwk);

    public static string PublicJwkJson(JsonWebKey jwk)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            jwk.WritePublicJwk(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static JsonElement Json(string text) => JsonElement.Parse(text);
}
