using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Rein.Jose;

namespace Rein.Signals.Tests.Transmitter.Infrastructure;

/// <summary>Registered client keys by name, shared across hosts.</summary>
internal static class TestKeys
{
    private static readonly ConcurrentDictionary<string, Lazy<SigningKey>> Keys = new(StringComparer.Ordinal);

    public static SigningKey For(string name) =>
        Keys.GetOrAdd(name, n => new Lazy<SigningKey>(() => SigningKey.Generate(JwsAlgorithms.ES256, n + "-key"))).Value;

    public static string Jwks(SigningKey key)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            key.PublicJwk.WritePublicJwk(writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
