namespace Rein.Policy.Schemas;

internal sealed record SchemaAttribute(SchemaType Type, bool Required);
