using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rein.Jose;

namespace Rein.Broker.Tests.Infrastructure;

/// <summary>Builds compact JWS by hand, so a test can produce exactly the defect it needs.</summary>
internal static class Jws
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Encode(JsonNode node) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(node.ToJsonString(Options)));

    public static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    /// <summary>Signs header and payload with <paramref name="key"/>, whatever the header claims.</summary>
    public static string Sign(SigningKey key, JsonObject header, JsonObject payload)
    {
        var input = Encode(header) + "." + Encode(payload);
        var signature = new byte[key.SignatureSize];
        key.Sign(Encoding.ASCII.GetBytes(input), signature);
        return input + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>An HMAC-SHA256 signature with <paramref name="secret"/> (the "public key as HMAC secret" attack).</summary>
    public static string Hmac(byte[] secret, JsonObject header, JsonObject payload)
    {
        var input = Encode(header) + "." + Encode(payload);
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>An unsecured JWS (RFC 7515 §A.5): empty signature.</summary>
    public static string Unsigned(JsonObject header, JsonObject payload) => Encode(header) + "." + Encode(payload) + ".";

    /// <summary>The header of a compact JWS, decoded.</summary>
    public static JsonElement Header(string jws) => Segment(jws, 0);

    /// <summary>The payload of a compact JWS, decoded.</summary>
    public static JsonElement Payload(string jws) => Segment(jws, 1);

    private static JsonElement Segment(string jws, int index)
    {
        var bytes = Base64Url.DecodeFromChars(jws.Split('.')[index]);
        using var document = JsonDocument.Parse(bytes);
        return document.RootElement.Clone();
    }
}
