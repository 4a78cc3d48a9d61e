using System.Text;
using System.Text.Json;

namespace Rein.Broker.Delegation;

/// <summary>
/// RFC 9396 <c>authorization_details</c> on an exchange for an action that needs approval: what exactly the agent
/// wants to do, shown to the approver and carried in the elevation token. Rein's profile: a JSON array of 1–8
/// objects whose <c>type</c> is the requested action's name and whose <c>locations</c>, when present, name only the
/// tool's audience; other members are the agent's to choose.
/// </summary>
internal static class AuthorizationDetails
{
    /// <summary>The longest <c>authorization_details</c> parameter accepted, checked before parsing.</summary>
    public const int MaxLength = 4096;

    public const int MaxEntries = 8;

    /// <summary>The details as compact JSON, or the <c>invalid_authorization_details</c> description.</summary>
    public static (string? Json, string? Error) Parse(string text, string action, string toolAudience)
    {
        if (text.Length > MaxLength) return (null, $"authorization_details is longer than {MaxLength} characters");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            return (null, "authorization_details is not valid JSON");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() is 0 or > MaxEntries)
            {
                return (null, $"authorization_details must be a JSON array of 1 to {MaxEntries} objects");
            }
            foreach (var entry in root.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object) return (null, "each authorization_details entry must be an object");
                if (!entry.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                {
                    return (null, "each authorization_details entry needs a string type");
                }
                if (type.GetString() != action)
                {
                    return (null, "an authorization_details type must be the requested action's name");
                }
                if (entry.TryGetProperty("locations", out var locations) &&
                    (locations.ValueKind != JsonValueKind.Array || locations.EnumerateArray().Any(l => l.ValueKind != JsonValueKind.String || l.GetString() != toolAudience)))
                {
                    return (null, "authorization_details locations may name only the requested tool's audience");
                }
            }

            // Note: re-serialized compactly, so an approval matches the same details however they were spaced.
            using var buffer = new MemoryStream(text.Length);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                root.WriteTo(writer);
            }
            return (Encoding.UTF8.GetString(buffer.ToArray()), null);
        }
    }
}
