using System.Text.Json;

namespace Rein.Jose.Tests;

public sealed class EmbeddedKeyCacheTests
{
    [Fact]
    public void A_key_is_found_only_by_its_exact_json_text()
    {
        var key = SigningKey.Generate(JwsAlgorithms.ES256, "cache-test-" + Guid.NewGuid().ToString("N"));
        var json = PublicJwkJson(key);
        using var first = JsonDocument.Parse($$"""{"jwk":{{json}}}""");
        var jwk = first.RootElement.GetProperty("jwk");

        Assert.False(EmbeddedKeyCache.TryGet(jwk, out var cacheKey, out _));
        Assert.Equal(jwk.GetRawText(), cacheKey);
        Assert.True(JsonWebKey.TryParse(jwk, out var parsed, out _));
        EmbeddedKeyCache.Add(cacheKey!, parsed!);

        using var again = JsonDocument.Parse($$"""{"jwk":{{json}}}""");
        Assert.True(EmbeddedKeyCache.TryGet(again.RootElement.GetProperty("jwk"), out _, out var found));
        Assert.Same(parsed, found);

        // The same key written with different whitespace is other text: parsed (and validated) afresh.
        using var spaced = JsonDocument.Parse($$"""{"jwk": {{json.Replace(",", ", ", StringComparison.Ordinal)}}}""");
        Assert.False(EmbeddedKeyCache.TryGet(spaced.RootElement.GetProperty("jwk"), out var otherKey, out _));
        Assert.NotNull(otherKey);
    }

    [Fact]
    public void Oversized_key_text_is_never_kept()
    {
        using var doc = JsonDocument.Parse("{\"jwk\":{\"kty\":\"EC\",\"x\":\"" + new string('A', 3000) + "\"}}");
        Assert.False(EmbeddedKeyCache.TryGet(doc.RootElement.GetProperty("jwk"), out var cacheKey, out _));
        Assert.Null(cacheKey);
    }

    private static string PublicJwkJson(SigningKey key)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) key.PublicJwk.WritePublicJwk(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
