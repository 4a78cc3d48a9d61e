namespace Rein.Core.Storage;

/// <summary>The schema version the store was created or last migrated to.</summary>
public sealed class SchemaVersionEntity
{
    public int Version { get; set; }
    public long AppliedAt { get; set; }
}
