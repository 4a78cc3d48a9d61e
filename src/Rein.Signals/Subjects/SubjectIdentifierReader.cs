using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json;

namespace Rein.Signals.Subjects;

/// <summary>
/// Reads subject identifiers (RFC 9493, SSF 1.0 §3) from JSON with limits on size, depth, counts and string
/// lengths, so an event cannot make Rein build an unbounded structure. Members a format does not define are ignored
/// (SSF 1.0 §4.2.3: receivers ignore what they do not understand); a defined member of the wrong type is an error.
/// Errors are fixed texts that never repeat the input.
/// </summary>
public static class SubjectIdentifierReader
{
    /// <summary>The longest identifier accepted as UTF-8 JSON text, checked before parsing.</summary>
    public const int MaxJsonBytes = 16 * 1024;

    /// <summary>The longest string member accepted (identifiers, URIs, addresses).</summary>
    public const int MaxStringLength = 1024;

    /// <summary>The most members a complex subject, or identifiers an <c>aliases</c> subject, may hold.</summary>
    public const int MaxMembers = 16;

    /// <summary>The most addresses an <c>ip-addresses</c> subject may hold.</summary>
    public const int MaxAddresses = 32;

    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 8,
    };

    /// <summary>Parses UTF-8 JSON text holding one subject identifier.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out SubjectIdentifier? subject, [NotNullWhen(false)] out string? error)
    {
        subject = null;
        if (utf8Json.Length > MaxJsonBytes)
        {
            error = "subject identifier is too large";
            return false;
        }

        JsonElement root;
        try
        {
            root = JsonElement.Parse(utf8Json, ParseOptions);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            error = "subject identifier is not a JSON object without duplicate members";
            return false;
        }

        return TryRead(root, out subject, out error);
    }

    /// <summary>Reads one subject identifier from an already parsed element (a SET's <c>sub_id</c>, for example).</summary>
    public static bool TryRead(JsonElement element, [NotNullWhen(true)] out SubjectIdentifier? subject, [NotNullWhen(false)] out string? error)
    {
        try
        {
            return TryRead(element, Nesting.TopLevel, out subject, out error);
        }
        catch (InvalidOperationException)
        {
            // A member name that is an escaped lone surrogate, in a document parsed elsewhere.
            subject = null;
            error = "subject identifier is not valid JSON text";
            return false;
        }
    }

    private enum Nesting
    {
        TopLevel,
        ComplexMember,
        Alias,
    }

    private static bool TryRead(JsonElement element, Nesting nesting, [NotNullWhen(true)] out SubjectIdentifier? subject, [NotNullWhen(false)] out string? error)
    {
        subject = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = "subject identifier is not a JSON object";
            return false;
        }

        if (!element.TryGetProperty("format", out var formatElement) || formatElement.ValueKind != JsonValueKind.String)
        {
            error = "subject identifier has no format string";
            return false;
        }

        var format = formatElement.GetString()!;
        if (format.Length is 0 or > 128)
        {
            error = "subject identifier format is empty or too long";
            return false;
        }

        error = null;
        switch (format)
        {
            case SubjectFormats.Account:
                if (Required(element, "uri", ref error) is { } account)
                {
                    // Note: RFC 9493 §3.2.1 — the value is an "acct" URI (RFC 7565).
                    if (!account.StartsWith("acct:", StringComparison.OrdinalIgnoreCase) || account.Length == 5) error = "account subject uri is not an acct URI";
                    else subject = new AccountSubject(account);
                }
                break;
            case SubjectFormats.Email:
                if (Required(element, "email", ref error) is { } email)
                {
                    var at = email.LastIndexOf('@');
                    if (at <= 0 || at == email.Length - 1) error = "email subject is not an addr-spec";
                    else subject = new EmailSubject(email);
                }
                break;
            case SubjectFormats.IssuerSubject:
                if (Required(element, "iss", ref error) is { } iss && Required(element, "sub", ref error) is { } sub)
                {
                    subject = new IssuerSubjectSubject(iss, sub);
                }
                break;
            case SubjectFormats.Opaque:
                if (Required(element, "id", ref error) is { } id) subject = new OpaqueSubject(id);
                break;
            case SubjectFormats.PhoneNumber:
                if (Required(element, "phone_number", ref error) is { } phone)
                {
                    if (phone[0] != '+') error = "phone_number subject is not in international form";
                    else subject = new PhoneNumberSubject(phone);
                }
                break;
            case SubjectFormats.DecentralizedId:
                if (Required(element, "url", ref error) is { } did)
                {
                    if (!did.StartsWith("did:", StringComparison.Ordinal)) error = "did subject url is not a DID URL";
                    else subject = new DecentralizedIdSubject(did);
                }
                break;
            case SubjectFormats.Uri:
                if (Required(element, "uri", ref error) is { } uri)
                {
                    if (!Uri.TryCreate(uri, UriKind.Absolute, out _)) error = "uri subject is not an absolute URI";
                    else subject = new UriSubject(uri);
                }
                break;
            case SubjectFormats.JwtId:
                if (Required(element, "iss", ref error) is { } jwtIssuer && Required(element, "jti", ref error) is { } jti)
                {
                    subject = new JwtIdSubject(jwtIssuer, jti);
                }
                break;
            case SubjectFormats.SamlAssertionId:
                if (Required(element, "issuer", ref error) is { } samlIssuer && Required(element, "assertion_id", ref error) is { } assertionId)
                {
                    subject = new SamlAssertionIdSubject(samlIssuer, assertionId);
                }
                break;
            case SubjectFormats.IpAddresses:
                subject = ReadAddresses(element, ref error);
                break;
            case SubjectFormats.Aliases:
                if (nesting == Nesting.Alias) error = "aliases subject must not contain aliases";
                else subject = ReadAliases(element, ref error);
                break;
            case SubjectFormats.Complex:
                if (nesting != Nesting.TopLevel) error = "complex subject must not be nested";
                else subject = ReadComplex(element, ref error);
                break;
            default:
                subject = new ProprietarySubject(format, MembersWithoutFormat(element));
                break;
        }

        if (subject is null)
        {
            error ??= "subject identifier is invalid";
            return false;
        }

        return true;
    }

    private static string? Required(JsonElement element, string name, ref string? error)
    {
        if (error is not null) return null;
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            error = $"subject identifier lacks the string member '{name}'";
            return null;
        }

        var text = value.GetString()!;
        if (text.Length == 0 || text.Length > MaxStringLength)
        {
            error = $"subject identifier member '{name}' is empty or too long";
            return null;
        }

        return text;
    }

    private static IpAddressesSubject? ReadAddresses(JsonElement element, ref string? error)
    {
        if (!element.TryGetProperty("ip-addresses", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            error = "ip-addresses subject lacks the array member 'ip-addresses'";
            return null;
        }

        var count = array.GetArrayLength();
        if (count is 0 or > MaxAddresses)
        {
            error = "ip-addresses subject has no addresses or too many";
            return null;
        }

        var addresses = new List<IPAddress>(count);
        foreach (var item in array.EnumerateArray())
        {
            // Note: RFC 4001 text forms only: dotted-quad IPv4 or IPv6, no scope, no port, no host names.
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 and <= 64 } text ||
                text.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var address) ||
                (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && text.Count(c => c == '.') != 3))
            {
                error = "ip-addresses subject holds a value that is not an IP address";
                return null;
            }
            addresses.Add(address);
        }

        return new IpAddressesSubject(addresses.AsReadOnly());
    }

    private static AliasesSubject? ReadAliases(JsonElement element, ref string? error)
    {
        if (!element.TryGetProperty("identifiers", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            error = "aliases subject lacks the array member 'identifiers'";
            return null;
        }

        var count = array.GetArrayLength();
        if (count is 0 or > MaxMembers)
        {
            error = "aliases subject has no identifiers or too many";
            return null;
        }

        var identifiers = new List<SubjectIdentifier>(count);
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("format", out var f) &&
                f.ValueKind == JsonValueKind.String && f.ValueEquals(SubjectFormats.Complex))
            {
                error = "aliases subject must not contain a complex subject";
                return null;
            }

            if (!TryRead(item, Nesting.Alias, out var identifier, out var itemError))
            {
                error = itemError;
                return null;
            }
            identifiers.Add(identifier);
        }

        return new AliasesSubject(identifiers.AsReadOnly());
    }

    private static ComplexSubject? ReadComplex(JsonElement element, ref string? error)
    {
        var members = new List<KeyValuePair<string, SubjectIdentifier>>();
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals("format")) continue;
            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                // Note: SSF 1.0 §3.3 — a complex subject's members are subject identifiers; anything else is an
                // unknown field, which receivers ignore (§4.2.3).
                continue;
            }

            if (members.Count == MaxMembers || property.Name.Length > 128)
            {
                error = "complex subject has too many members or a member name that is too long";
                return null;
            }

            if (!TryRead(property.Value, Nesting.ComplexMember, out var member, out var memberError))
            {
                error = memberError;
                return null;
            }
            members.Add(new KeyValuePair<string, SubjectIdentifier>(property.Name, member));
        }

        if (members.Count == 0)
        {
            error = "complex subject has no members";
            return null;
        }

        return new ComplexSubject(members.AsReadOnly());
    }

    private static string MembersWithoutFormat(JsonElement element)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in element.EnumerateObject())
            {
                if (!property.NameEquals("format")) property.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
