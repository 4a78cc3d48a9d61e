using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rein.Jose;

namespace Rein.Broker.Tests.Infrastructure;

/// <summary>
/// Process-wide keys by name. Sharing keys across hosts is safe: every host has its own store, replay caches and
/// revocation index, so no test can see another's state through a key.
/// </summary>
internal static class TestKeys
{
    private static readonly ConcurrentDictionary<string, Lazy<SigningKey>> Keys = new(StringComparer.Ordinal);

    /// <summary>The key named <paramref name="name"/>; its kid is <c>{name}-key</c>.</summary>
    public static SigningKey For(string name, string alg = JwsAlgorithms.ES256) =>
        Keys.GetOrAdd(name + "|" + alg, _ => new Lazy<SigningKey>(() => Fresh(name + "-key", alg))).Value;

    /// <summary>A fresh key that no configuration knows (an attacker's, or a new DPoP key).</summary>
    public static SigningKey Fresh(string kid = "fresh", string alg = JwsAlgorithms.ES256) =>
        alg.StartsWith("ES", StringComparison.Ordinal) ? SigningKey.Generate(alg, kid) : Rsa2048(kid, alg);

    /// <summary>
    /// RSA keys for tests are 2048 bits (the smallest Rein accepts): <see cref="SigningKey.Generate"/> makes 3072-bit
    /// keys, which take seconds each to generate.
    /// </summary>
    private static SigningKey Rsa2048(string kid, string alg)
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var p = rsa.ExportParameters(includePrivateParameters: true);
        static string B(byte[]? value) => System.Buffers.Text.Base64Url.EncodeToString(value.AsSpan().TrimStart((byte)0));
        var json = $$"""{"kty":"RSA","n":"{{B(p.Modulus)}}","e":"{{B(p.Exponent)}}","d":"{{B(p.D)}}","p":"{{B(p.P)}}","q":"{{B(p.Q)}}","dp":"{{B(p.DP)}}","dq":"{{B(p.DQ)}}","qi":"{{B(p.InverseQ)}}","kid":"{{kid}}"}""";
        if (!JsonWebKey.TryParse(Encoding.UTF8.GetBytes(json), out var jwk, out var error)) throw new InvalidOperationException(error);
        return SigningKey.FromPrivateJwk(jwk, alg, kid);
    }

    /// <summary><c>{"keys":[…]}</c> with the public members of each key.</summary>
    public static string Jwks(params SigningKey[] keys)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (var key in keys) key.PublicJwk.WritePublicJwk(writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The public JWK of <paramref name="key"/> as a JSON node, for hand-built headers.</summary>
    public static JsonObject PublicJwk(SigningKey key)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            key.PublicJwk.WritePublicJwk(writer);
        }
        return JsonNode.Parse(stream.ToArray())!.AsObject();
    }

    /// <summary>The private JWK of <paramref name="key"/> (with <c>d</c>), for attacks that leak it.</summary>
    public static JsonObject PrivateJwk(SigningKey key) => JsonNode.Parse(key.ExportPrivateJwk())!.AsObject();

    /// <summary>
    /// RFC 7638 thumbprint computed here, independently of Rein.Jose: SHA-256 over the required members in
    /// lexicographic order, without whitespace.
    /// </summary>
    public static string Thumbprint(SigningKey key)
    {
        var jwk = PublicJwk(key);
        var canonical = jwk["kty"]!.GetValue<string>() switch
        {
            "EC" => $$"""{"crv":"{{jwk["crv"]}}","kty":"EC","x":"{{jwk["x"]}}","y":"{{jwk["y"]}}"}""",
            "RSA" => $$"""{"e":"{{jwk["e"]}}","kty":"RSA","n":"{{jwk["n"]}}"}""",
            var other => throw new NotSupportedException(other),
        };
        return System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
