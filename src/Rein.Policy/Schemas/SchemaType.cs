using Rein.Policy.Values;

namespace Rein.Policy.Schemas;

/// <summary>A type in a schema: primitive, set, record, entity or extension (or a name still to resolve).</summary>
internal sealed class SchemaType
{
    public static readonly SchemaType Long = new(SchemaTypeKind.Long);
    public static readonly SchemaType String = new(SchemaTypeKind.String);
    public static readonly SchemaType Bool = new(SchemaTypeKind.Bool);

    public SchemaType(SchemaTypeKind kind)
    {
        Kind = kind;
    }

    public SchemaTypeKind Kind { get; }

    /// <summary>The element type of a set.</summary>
    public SchemaType? Element { get; init; }

    /// <summary>The attributes of a record.</summary>
    public Dictionary<string, SchemaAttribute>? Attributes { get; init; }

    /// <summary>The entity type name, or the referenced name while unresolved.</summary>
    public string? Name { get; init; }

    /// <summary>The namespace a reference was written in.</summary>
    public string? Namespace { get; init; }

    /// <summary>The value kind of an extension type.</summary>
    public ValueKind ExtensionKind { get; init; }

    public static SchemaType Extension(ValueKind kind) => new(SchemaTypeKind.Extension) { ExtensionKind = kind };
}
