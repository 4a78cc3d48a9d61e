using System.Buffers.Text;
using System.Text.Json;

namespace Rein.Signals.Tests.Transmitter.Infrastructure;

/// <summary>Reads a compact JWT's header and payload without verifying it.</summary>
internal static class Jwt
{
    public static JsonElement Header(string jwt) => Part(jwt, 0);

    public static JsonElement Payload(string jwt) => Part(jwt, 1);

    private static JsonElement Part(string jwt, int index)
    {
        using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[index]));
        return document.RootElement.Clone();
    }
}
