using System.Text.Json;

namespace Rein.Core.Configuration;

/// <summary>
/// The shape of a JWKS (RFC 7517 §5) written in the configuration: an object with a non-empty <c>keys</c> array of
/// public JWKs, each with a <c>kty</c>. Key material itself is checked when the keys are imported.
/// </summary>
internal static class JwksRules
{
    // Note: private and symmetric members (RFC 7518 §6.2.2, §6.3.2, §6.4.1; RFC 8037 §2); a configuration file is
    // not a place for secret keys.
    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = YamlTreeBuilder.MaxDepth };

    /// <summary>Returns every problem in <paramref name="json"/>, each with its path under <paramref name="path"/>.</summary>
    public static IReadOnlyList<(string Path, string Message)> Check(string json, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ParseOptions);
        }
        catch (JsonException)
        {
            return [(path, "is not valid JSON")];
        }

        using (document)
        {
            return Check(document.RootElement, path);
        }
    }

    private static List<(string Path, string Message)> Check(JsonElement root, string path)
    {
        var errors = new List<(string, string)>();
        var keysPath = ConfigPath.Key(path, "keys");
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add((path, "a JWKS must be a mapping with a 'keys' list"));
        }
        else if (!root.TryGetProperty("keys", out var keys))
        {
            errors.Add((keysPath, "'keys' is required"));
        }
        else if (keys.ValueKind != JsonValueKind.Array)
        {
            errors.Add((keysPath, "expected a list of keys"));
        }
        else if (keys.GetArrayLength() == 0)
        {
            errors.Add((keysPath, "at least one key is required"));
        }
        else
        {
            var kids = new Dictionary<string, string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var key in keys.EnumerateArray())
            {
                CheckKey(key, ConfigPath.Index(keysPath, index++), kids, errors);
            }
        }

        return errors;
    }

    private static void CheckKey(JsonElement key, string path, Dictionary<string, string> kids, List<(string, string)> errors)
    {
        if (key.ValueKind != JsonValueKind.Object)
        {
            errors.Add((path, "expected a key (a JWK mapping with 'kty')"));
            return;
        }

        if (!key.TryGetProperty("kty", out var kty) || kty.ValueKind != JsonValueKind.String || kty.GetString()!.Length == 0)
        {
            errors.Add((ConfigPath.Key(path, "kty"), "'kty' is required (EC, RSA or OKP)"));
        }
        else if (kty.GetString() == "oct")
        {
            errors.Add((ConfigPath.Key(path, "kty"), "symmetric keys (kty 'oct') are not allowed; use a public EC, RSA or OKP key"));
        }

        foreach (var member in PrivateMembers)
        {
            if (key.TryGetProperty(member, out _))
            {
                errors.Add((ConfigPath.Key(path, member), $"'{member}' is private key material; publish only the public key and keep the private key secret"));
            }
        }

        if (key.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String)
        {
            var value = kid.GetString()!;
            if (!kids.TryAdd(value, path))
            {
                errors.Add((ConfigPath.Key(path, "kid"), $"duplicate kid {Quote.Value(value)} (also at {kids[value]})"));
            }
        }
    }
}
