using System.Text.Json;
using Rein.Policy.Extensions;
using Rein.Policy.Schemas;
using Rein.Policy.Values;

namespace Rein.Policy.Json;

/// <summary>
/// Cedar's JSON value format: <c>{"__entity": {"type", "id"}}</c> and <c>{"__extn": {"fn", "arg"|"args"}}</c> escapes,
/// arrays as sets, objects as records, integers as 64-bit (never through a double). With a schema type, an entity may
/// be written <c>{"type", "id"}</c> and an extension value as its string.
/// </summary>
internal static class CedarJson
{
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 1024 };

    public static JsonDocument ParseDocument(string json)
    {
        try
        {
            return JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new PolicyParseException("invalid JSON: " + e.Message, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1);
        }
    }

    public static PolicyParseException Error(string message) => new(message);

    public static EntityUid ReadUid(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw Error("an entity reference must be an object with \"type\" and \"id\"");
        }

        if (e.TryGetProperty("__entity", out var inner))
        {
            e = inner;
        }

        if (e.ValueKind != JsonValueKind.Object ||
            !e.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String ||
            !e.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
        {
            throw Error("an entity reference must be an object with string \"type\" and \"id\"");
        }

        var typeName = type.GetString()!;
        if (!IsValidTypeName(typeName))
        {
            throw Error($"\"{typeName}\" is not a valid entity type name");
        }

        return new EntityUid(typeName, id.GetString()!);
    }

    /// <summary>
    /// A Cedar name as entity JSON must spell it: identifiers joined by <c>::</c> with nothing around them, none of them
    /// a reserved word (true, false, if, then, else, in, is, has, like) or the reserved <c>__cedar</c>.
    /// </summary>
    internal static bool IsValidTypeName(string name)
    {
        foreach (var range in name.AsSpan().Split("::"))
        {
            var part = name.AsSpan(range.Start.Value, range.End.Value - range.Start.Value);
            if (part.Length == 0 || !(char.IsAsciiLetter(part[0]) || part[0] == '_'))
            {
                return false;
            }

            foreach (var c in part)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '_')
                {
                    return false;
                }
            }

            if (part is "true" or "false" or "if" or "then" or "else" or "in" or "is" or "has" or "like" or "__cedar")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A request context: a JSON object that is a record, not an entity or extension escape.</summary>
    public static Value ReadContext(JsonElement e, SchemaType? type)
    {
        // Note: an object whose one key is an escape is read as Cedar reads any value: an entity or extension value
        // (refused here), the retired __expr (refused), or, without the escape's shape, a plain record.
        if (e.ValueKind == JsonValueKind.Object && (IsEscape(e, "__entity") || IsEscape(e, "__extn") || IsEscape(e, "__expr")) &&
            ReadUntyped(e).Kind != ValueKind.Record)
        {
            throw Error("the context must be a record, not an entity or extension value");
        }

        return ReadRecord(e, type);
    }

    public static Value ReadValue(JsonElement e, SchemaType? type)
    {
        if (type is not null)
        {
            switch (type.Kind)
            {
                case SchemaTypeKind.Entity:
                    if (e.ValueKind == JsonValueKind.Object && !IsEscape(e, "__extn"))
                    {
                        return Value.FromEntity(ReadUid(e));
                    }

                    break;
                case SchemaTypeKind.Extension:
                    if (e.ValueKind == JsonValueKind.String)
                    {
                        var text = e.GetString()!;
                        return ExtensionFunctions.TryConstruct(type.ExtensionKind, text, out var v)
                            ? v
                            : throw Error($"invalid {type.ExtensionKind} value \"{text}\"");
                    }

                    if (e.ValueKind == JsonValueKind.Object && !e.TryGetProperty("__extn", out _) && e.TryGetProperty("fn", out _))
                    {
                        return ReadExtension(e);
                    }

                    break;
                case SchemaTypeKind.Set:
                    if (e.ValueKind == JsonValueKind.Array)
                    {
                        var items = new Value[e.GetArrayLength()];
                        var i = 0;
                        foreach (var item in e.EnumerateArray())
                        {
                            items[i++] = ReadValue(item, type.Element);
                        }

                        return Value.FromSet(SetValue.Create(items));
                    }

                    break;
                case SchemaTypeKind.Record:
                    if (e.ValueKind == JsonValueKind.Object && !IsEscape(e, "__entity") && !IsEscape(e, "__extn"))
                    {
                        return ReadRecord(e, type);
                    }

                    break;
            }
        }

        return ReadUntyped(e);
    }

    private static bool IsEscape(JsonElement e, string key)
    {
        using var props = e.EnumerateObject();
        return props.MoveNext() && props.Current.NameEquals(key) && !props.MoveNext();
    }

    public static Value ReadRecord(JsonElement e, SchemaType? type)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw Error("expected a JSON object (a record)");
        }

        var map = new Dictionary<string, Value>(StringComparer.Ordinal);
        var attributes = type?.Kind == SchemaTypeKind.Record ? type.Attributes : null;
        foreach (var p in e.EnumerateObject())
        {
            SchemaType? attributeType = null;
            if (attributes is not null && attributes.TryGetValue(p.Name, out var attr))
            {
                attributeType = attr.Type;
            }

            if (!map.TryAdd(p.Name, ReadValue(p.Value, attributeType)))
            {
                throw Error($"duplicate attribute \"{p.Name}\"");
            }
        }

        return Value.FromRecord(map.Count == 0 ? RecordValue.Empty : new RecordValue(map));
    }

    private static Value ReadUntyped(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.True:
                return Value.True;
            case JsonValueKind.False:
                return Value.False;
            case JsonValueKind.String:
                return Value.FromString(e.GetString()!);
            case JsonValueKind.Number:
                // Note: read as a 64-bit integer from the JSON text; a double would lose digits past 2^53.
                return e.TryGetInt64(out var n) ? Value.FromLong(n) : throw Error($"number {e.GetRawText()} is not a 64-bit integer");
            case JsonValueKind.Array:
                {
                    var items = new Value[e.GetArrayLength()];
                    var i = 0;
                    foreach (var item in e.EnumerateArray())
                    {
                        items[i++] = ReadUntyped(item);
                    }

                    return Value.FromSet(SetValue.Create(items));
                }

            case JsonValueKind.Object:
                // Note: as in Cedar, an object is an escape only when its one key holds the escape's shape
                // ({"type", "id"} strings; {"fn", "arg"} or {"fn", "args": [...]}); otherwise it is a plain record.
                if (IsEscape(e, "__entity") && IsTypeAndId(e.GetProperty("__entity")))
                {
                    return Value.FromEntity(ReadUid(e));
                }

                if (IsEscape(e, "__extn") && IsFnAndArgs(e.GetProperty("__extn")))
                {
                    return ReadExtension(e.GetProperty("__extn"));
                }

                if (IsEscape(e, "__expr") && e.GetProperty("__expr").ValueKind == JsonValueKind.String)
                {
                    throw Error("the __expr escape is no longer supported; use __entity or __extn");
                }

                return ReadRecord(e, null);
            default:
                throw Error("null is not a Cedar value");
        }
    }

    private static bool IsTypeAndId(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object &&
        e.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String &&
        e.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String;

    private static bool IsFnAndArgs(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object &&
        e.TryGetProperty("fn", out var fn) && fn.ValueKind == JsonValueKind.String &&
        (e.TryGetProperty("arg", out _) || (e.TryGetProperty("args", out var args) && args.ValueKind == JsonValueKind.Array));

    private static Value ReadExtension(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("fn", out var fn) || fn.ValueKind != JsonValueKind.String)
        {
            throw Error("an extension value needs \"fn\"");
        }

        var name = fn.GetString()!;
        if (!ExtensionFunctions.TryGetAny(name, out var function))
        {
            throw Error($"unknown extension function {name}");
        }

        Value[] args;
        if (e.TryGetProperty("arg", out var arg))
        {
            args = [ReadUntyped(arg)];
        }
        else if (e.TryGetProperty("args", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            args = new Value[list.GetArrayLength()];
            var i = 0;
            foreach (var item in list.EnumerateArray())
            {
                args[i++] = ReadUntyped(item);
            }
        }
        else
        {
            throw Error("an extension value needs \"arg\" or \"args\"");
        }

        return ExtensionFunctions.TryCall(function, args, out var value)
            ? value
            : throw Error($"invalid extension value {name}({string.Join(", ", args)})");
    }
}
