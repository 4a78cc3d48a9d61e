using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rein.Jose;

namespace Rein.Core.Tests.Transactions;

/// <summary>Builds transaction tokens by hand, so a test can produce exactly the defect it needs.</summary>
internal static class TxnJws
{
    public const string TrustDomain = "https://rein.example.com";
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public static JsonObject Header(SigningKey key, string? typ = "txntoken+jwt")
    {
        var header = new JsonObject { ["alg"] = key.Algorithm, ["kid"] = key.KeyId };
        if (typ is not null) header["typ"] = typ;
        return header;
    }

    /// <summary>A complete, valid claim set: issued now, 60 s of life, every claim the draft requires.</summary>
    public static JsonObject Claims() => new()
    {
        ["iss"] = TrustDomain,
        ["aud"] = TrustDomain,
        ["iat"] = Now.ToUnixTimeSeconds(),
        ["exp"] = Now.ToUnixTimeSeconds() + 60,
        ["txn"] = "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        ["sub"] = "triage-bot",
        ["scope"] = "tickets.read",
        ["req_wl"] = "https://gateway.example.com",
        ["tctx"] = new JsonObject { ["tool"] = "tickets", ["action"] = "tickets.read", ["agent"] = "triage-bot" },
        ["rctx"] = new JsonObject { ["req_ip"] = "192.0.2.7", ["authn"] = "dpop" },
    };

    public static string Encode(JsonNode node) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(node.ToJsonString(Options)));

    public static string Sign(SigningKey key, JsonObject header, JsonObject payload)
    {
        var input = Encode(header) + "." + Encode(payload);
        var signature = new byte[key.SignatureSize];
        key.Sign(Encoding.ASCII.GetBytes(input), signature);
        return input + "." + Base64Url.EncodeToString(signature);
    }

    public static string Hmac(byte[] secret, JsonObject header, JsonObject payload)
    {
        var input = Encode(header) + "." + Encode(payload);
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)));
    }

    public static JsonElement Payload(string jws)
    {
        using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(jws.Split('.')[1]));
        return document.RootElement.Clone();
    }

    public static JsonElement Header(string jws)
    {
        using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(jws.Split('.')[0]));
        return document.RootElement.Clone();
    }
}
