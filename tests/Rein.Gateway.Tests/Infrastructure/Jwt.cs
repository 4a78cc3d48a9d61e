using System.Buffers.Text;
using System.Text.Json;

namespace Rein.Gateway.Tests.Infrastructure;

/// <summary>Reads a compact JWT's header and payload without verifying it (tests only need its claims).</summary>
internal static class Jwt
{
    public static JsonElement Payload(string jwt)
    {
        using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[1]));
        return document.RootElement.Clone();
    }

    public static JsonElement Header(string jwt)
    {
        using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[0]));
        return document.RootElement.Clone();
    }

    public static string Claim(string jwt, string name) => Payload(jwt).GetProperty(name).GetString()!;
}
