using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Rein.Signals.Transmitter.Subjects;

/// <summary>
/// A subject identifier (RFC 9493, SSF 1.0 §3) as the transmitter stores and compares it: canonical JSON (members
/// sorted, no whitespace), so two spellings of the same identifier are one row and one match.
/// </summary>
internal sealed class SubjectIdentifier
{
    /// <summary>Larger subjects are refused: no real identifier comes near it.</summary>
    public const int MaxCanonicalLength = 4096;

    private const int MaxDepth = 4;

    private static readonly Dictionary<string, string[]> RequiredMembers = new(StringComparer.Ordinal)
    {
        ["account"] = ["uri"],
        ["email"] = ["email"],
        ["iss_sub"] = ["iss", "sub"],
        ["opaque"] = ["id"],
        ["phone_number"] = ["phone_number"],
        ["did"] = ["url"],
        ["uri"] = ["uri"],
        ["jwt_id"] = ["iss", "jti"],
        ["saml_assertion_id"] = ["issuer", "assertion_id"],
    };

    private SubjectIdentifier(string format, string canonical, IReadOnlyDictionary<string, SubjectIdentifier>? members, IReadOnlyList<SubjectIdentifier>? aliases)
    {
        Format = format;
        Canonical = canonical;
        ComplexMembers = members;
        Aliases = aliases;
    }

    public string Format { get; }

    /// <summary>The canonical JSON text.</summary>
    public string Canonical { get; }

    /// <summary>For <c>complex</c>: its simple subjects by member name (<c>user</c>, <c>device</c>, …).</summary>
    public IReadOnlyDictionary<string, SubjectIdentifier>? ComplexMembers { get; }

    /// <summary>For <c>aliases</c>: the identifiers it lists.</summary>
    public IReadOnlyList<SubjectIdentifier>? Aliases { get; }

    public static SubjectIdentifier IssSub(string iss, string sub) => Parse($$"""{"format":"iss_sub","iss":{{Quote(iss)}},"sub":{{Quote(sub)}}}""");

    public static SubjectIdentifier Opaque(string id) => Parse($$"""{"format":"opaque","id":{{Quote(id)}}}""");

    public static SubjectIdentifier JwtId(string iss, string jti) => Parse($$"""{"format":"jwt_id","iss":{{Quote(iss)}},"jti":{{Quote(jti)}}}""");

    public static SubjectIdentifier Uri(string uri) => Parse($$"""{"format":"uri","uri":{{Quote(uri)}}}""");

    /// <summary>Parses canonical (or any valid) JSON known to be a well-formed identifier; throws otherwise.</summary>
    public static SubjectIdentifier Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return TryRead(document.RootElement, out var subject, out var error) ? subject! : throw new FormatException(error);
    }

    /// <summary>Reads a subject identifier, or says what is wrong with it (never echoing its values).</summary>
    public static bool TryRead(JsonElement element, out SubjectIdentifier? subject, out string? error) =>
        TryRead(element, 0, out subject, out error);

    private static bool TryRead(JsonElement element, int depth, out SubjectIdentifier? subject, out string? error)
    {
        subject = null;
        if (depth > MaxDepth) return Fail("the subject is nested too deeply", out error);
        if (element.ValueKind != JsonValueKind.Object) return Fail("a subject must be a JSON object", out error);
        if (!element.TryGetProperty("format", out var formatElement) || formatElement.ValueKind != JsonValueKind.String ||
            formatElement.GetString() is not { Length: > 0 and <= 64 } format)
        {
            return Fail("a subject needs a \"format\" string", out error);
        }

        Dictionary<string, SubjectIdentifier>? members = null;
        List<SubjectIdentifier>? aliases = null;
        if (format == "complex")
        {
            members = new Dictionary<string, SubjectIdentifier>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "format") continue;
                if (!TryRead(property.Value, depth + 1, out var member, out error)) return false;
                if (member!.Format is "complex" or "aliases") return Fail("a complex subject's members must be simple subjects", out error);
                members[property.Name] = member;
            }
            if (members.Count == 0) return Fail("a complex subject needs at least one member", out error);
        }
        else if (format == "aliases")
        {
            if (!element.TryGetProperty("identifiers", out var identifiers) || identifiers.ValueKind != JsonValueKind.Array || identifiers.GetArrayLength() == 0)
            {
                return Fail("an aliases subject needs a non-empty \"identifiers\" array", out error);
            }
            aliases = [];
            foreach (var item in identifiers.EnumerateArray())
            {
                if (!TryRead(item, depth + 1, out var alias, out error)) return false;
                if (alias!.Format == "aliases") return Fail("aliases must not nest", out error);
                aliases.Add(alias);
            }
        }
        else if (format == "ip-addresses")
        {
            if (!element.TryGetProperty("ip-addresses", out var ips) || ips.ValueKind != JsonValueKind.Array || ips.GetArrayLength() == 0 ||
                ips.EnumerateArray().Any(ip => ip.ValueKind != JsonValueKind.String || !System.Net.IPAddress.TryParse(ip.GetString(), out _)))
            {
                return Fail("an ip-addresses subject needs a non-empty \"ip-addresses\" array of IP addresses", out error);
            }
        }
        else if (RequiredMembers.TryGetValue(format, out var required))
        {
            foreach (var name in required)
            {
                if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || value.GetString()!.Length == 0)
                {
                    return Fail($"a {format} subject needs a non-empty \"{name}\" string", out error);
                }
            }
        }

        var canonical = Canonicalize(element);
        if (canonical.Length > MaxCanonicalLength) return Fail("the subject is too large", out error);
        subject = new SubjectIdentifier(format, canonical, members, aliases);
        error = null;
        return true;
    }

    /// <summary>
    /// SSF 1.0 §8.1.3.1: simple subjects match when identical; complex subjects match when every member either side
    /// defines is identical on the other side or absent there. An aliases subject matches when any alias does.
    /// </summary>
    public bool Matches(SubjectIdentifier other)
    {
        if (Aliases is not null) return Aliases.Any(a => a.Matches(other));
        if (other.Aliases is not null) return other.Aliases.Any(Matches);
        if (ComplexMembers is null || other.ComplexMembers is null)
        {
            return string.Equals(Canonical, other.Canonical, StringComparison.Ordinal);
        }
        foreach (var (name, member) in ComplexMembers)
        {
            if (other.ComplexMembers.TryGetValue(name, out var theirs) && !string.Equals(member.Canonical, theirs.Canonical, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>SHA-256 of the canonical form, base64url: the row key of a stream's subject.</summary>
    public string Hash() => Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Canonical)))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Canonicalize(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteSorted(writer, element);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteSorted(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteSorted(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) WriteSorted(writer, item);
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value);

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}
