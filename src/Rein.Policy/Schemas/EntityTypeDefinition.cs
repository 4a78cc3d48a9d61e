namespace Rein.Policy.Schemas;

internal sealed class EntityTypeDefinition(string name)
{
    public string Name { get; } = name;

    public List<string> ParentTypes { get; } = [];

    public SchemaType? Shape { get; set; }

    public SchemaType? Tags { get; set; }

    public List<string>? EnumIds { get; set; }
}
