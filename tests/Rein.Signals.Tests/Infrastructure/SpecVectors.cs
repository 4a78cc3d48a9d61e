using System.Text.Json;

namespace Rein.Signals.Tests.Infrastructure;

/// <summary>The example SETs of the SSF, CAEP and RISC specifications, kept verbatim in the shared ssf-vectors folder.</summary>
internal static class SpecVectors
{
    public static string Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "ssf-vectors");
                if (System.IO.Directory.Exists(candidate)) return candidate;
                candidate = Path.Combine(dir.FullName, "..", "shared", "ssf-vectors");
                if (System.IO.Directory.Exists(candidate)) return Path.GetFullPath(candidate);
            }
            throw new DirectoryNotFoundException("shared/ssf-vectors was not found above the test directory.");
        }
    }

    public static string Text(string name) => File.ReadAllText(Path.Combine(Directory, name));

    /// <summary>The vector's iss and first aud, read leniently (one vector is not valid JSON: read it by hand).</summary>
    public static (string Issuer, string Audience) Envelope(string name)
    {
        var text = Text(name);
        try
        {
            using var json = JsonDocument.Parse(text);
            var aud = json.RootElement.GetProperty("aud");
            return (json.RootElement.GetProperty("iss").GetString()!, aud.ValueKind == JsonValueKind.Array ? aud[0].GetString()! : aud.GetString()!);
        }
        catch (JsonException)
        {
            using var json = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true });
            return (json.RootElement.GetProperty("iss").GetString()!, json.RootElement.GetProperty("aud").GetString()!);
        }
    }
}
