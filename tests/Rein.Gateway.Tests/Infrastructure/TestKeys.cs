using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Rein.Jose;

namespace Rein.Gateway.Tests.Infrastructure;

/// <summary>
/// Client keys by name, shared across hosts (each host has its own store, replay cache and revocation index, so no
/// test sees another's state through a key). DPoP keys are always fresh: the SDK generates one per client.
/// </summary>
internal static class TestKeys
{
    private static readonly ConcurrentDictionary<string, Lazy<SigningKey>> Keys = new(StringComparer.Ordinal);

    /// <summary>The registered private_key_jwt key of client <paramref name="name"/>.</summary>
    public static SigningKey For(string name) =>
        Keys.GetOrAdd(name, n => new Lazy<SigningKey>(() => SigningKey.Generate(JwsAlgorithms.ES256, n + "-key"))).Value;

    /// <summary>A key nobody registered: an attacker's.</summary>
    public static SigningKey Fresh(string kid = "attacker") => SigningKey.Generate(JwsAlgorithms.ES256, kid);

    /// <summary><c>{"keys":[…]}</c> with the public members of <paramref name="key"/>.</summary>
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
