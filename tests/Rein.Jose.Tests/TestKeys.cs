using System.Collections.Concurrent;

namespace Rein.Jose.Tests;

/// <summary>Signing keys shared by tests; RSA generation is slow, so each algorithm gets one key per run.</summary>
internal static class TestKeys
{
    private static readonly ConcurrentDictionary<string, SigningKey> s_keys = new(StringComparer.Ordinal);

    public static SigningKey For(string alg) => s_keys.GetOrAdd(alg, a => SigningKey.Generate(a, "test-" + a));

    /// <summary>A second, unrelated key for the same algorithm (an attacker's key).</summary>
    public static SigningKey Other(string alg) => s_keys.GetOrAdd("other-" + alg, _ => SigningKey.Generate(alg, "other-" + alg));

    public static JsonWebKeySet SetOf(params SigningKey[] keys) => JsonWebKeySet.Create(keys.Select(k => k.PublicJwk));
}
