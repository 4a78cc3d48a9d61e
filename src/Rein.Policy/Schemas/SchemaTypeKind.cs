namespace Rein.Policy.Schemas;

internal enum SchemaTypeKind : byte
{
    Long,
    String,
    Bool,
    Set,
    Record,
    Entity,
    Extension,
    /// <summary>An unresolved name (a common type, entity type or builtin), resolved after the whole schema is read.</summary>
    Reference,
}
