using Rein.Policy.Json;
using Rein.Policy.Schemas;
using Rein.Policy.Values;

namespace Rein.Policy;

/// <summary>An authorization request: who (principal) wants to do what (action) to what (resource), in which context.</summary>
public sealed class Request
{
    /// <summary>Creates a request; the context must be a record (empty when null).</summary>
    public Request(EntityUid principal, EntityUid action, EntityUid resource, Value? context = null)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(resource);
        var ctx = context ?? Value.FromRecord(RecordValue.Empty);
        if (ctx.Kind != ValueKind.Record)
        {
            throw new ArgumentException("the context must be a record", nameof(context));
        }

        Principal = principal;
        Action = action;
        Resource = resource;
        Context = ctx;
    }

    /// <summary>The principal.</summary>
    public EntityUid Principal { get; }

    /// <summary>The action.</summary>
    public EntityUid Action { get; }

    /// <summary>The resource.</summary>
    public EntityUid Resource { get; }

    /// <summary>The context record.</summary>
    public Value Context { get; }

    /// <summary>
    /// Reads a context record from Cedar's JSON value format. With a schema and the action, attribute values are read
    /// with the types the action's context declares (a string becomes a <c>decimal</c> where the schema says so).
    /// </summary>
    /// <exception cref="PolicyParseException">The JSON is not a Cedar record.</exception>
    public static Value ContextFromJson(string json, Schema? schema = null, EntityUid? action = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var doc = CedarJson.ParseDocument(json);
        var type = schema is not null && action is not null ? schema.ContextType(action) : null;
        return CedarJson.ReadContext(doc.RootElement, type);
    }
}
