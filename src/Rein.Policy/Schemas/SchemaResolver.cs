using Rein.Policy.Values;

namespace Rein.Policy.Schemas;

/// <summary>Resolves type names: common types and entity types in the current namespace, then the empty namespace, then builtins.</summary>
internal sealed class SchemaResolver(Dictionary<string, EntityTypeDefinition> entityTypes, Dictionary<string, SchemaType> commonTypes)
{
    private const int MaxDepth = 64;

    public SchemaType Resolve(SchemaType type) => Resolve(type, 0);

    private SchemaType Resolve(SchemaType type, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new PolicyParseException("schema common types refer to each other in a cycle");
        }

        switch (type.Kind)
        {
            case SchemaTypeKind.Set:
                return new SchemaType(SchemaTypeKind.Set) { Element = Resolve(type.Element!, depth + 1) };
            case SchemaTypeKind.Record:
                {
                    var attributes = new Dictionary<string, SchemaAttribute>(StringComparer.Ordinal);
                    foreach (var (name, attr) in type.Attributes!)
                    {
                        attributes[name] = new SchemaAttribute(Resolve(attr.Type, depth + 1), attr.Required);
                    }

                    return new SchemaType(SchemaTypeKind.Record) { Attributes = attributes };
                }

            case SchemaTypeKind.Reference:
                return ResolveName(type.Name!, type.Namespace ?? string.Empty, depth);
            default:
                return type;
        }
    }

    private SchemaType ResolveName(string name, string ns, int depth)
    {
        const string CedarPrefix = "__cedar::";
        if (name.StartsWith(CedarPrefix, StringComparison.Ordinal))
        {
            return Builtin(name[CedarPrefix.Length..]) ?? throw new PolicyParseException($"unknown builtin type {name}");
        }

        if (name.Contains("::", StringComparison.Ordinal))
        {
            if (commonTypes.TryGetValue(name, out var common))
            {
                return Resolve(common, depth + 1);
            }

            return new SchemaType(SchemaTypeKind.Entity) { Name = name };
        }

        if (ns.Length > 0)
        {
            var qualified = ns + "::" + name;
            if (commonTypes.TryGetValue(qualified, out var common))
            {
                return Resolve(common, depth + 1);
            }

            if (entityTypes.ContainsKey(qualified))
            {
                return new SchemaType(SchemaTypeKind.Entity) { Name = qualified };
            }
        }

        if (commonTypes.TryGetValue(name, out var global))
        {
            return Resolve(global, depth + 1);
        }

        if (entityTypes.ContainsKey(name))
        {
            return new SchemaType(SchemaTypeKind.Entity) { Name = name };
        }

        return Builtin(name) ?? new SchemaType(SchemaTypeKind.Entity) { Name = ns.Length > 0 ? ns + "::" + name : name };
    }

    private static SchemaType? Builtin(string name) => name switch
    {
        "Long" => SchemaType.Long,
        "String" => SchemaType.String,
        "Bool" or "Boolean" => SchemaType.Bool,
        "ipaddr" => SchemaType.Extension(ValueKind.IpAddr),
        "decimal" => SchemaType.Extension(ValueKind.Decimal),
        "datetime" => SchemaType.Extension(ValueKind.DateTime),
        "duration" => SchemaType.Extension(ValueKind.Duration),
        _ => null,
    };
}
