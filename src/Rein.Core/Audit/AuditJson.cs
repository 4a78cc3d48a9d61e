using System.Text.Json.Serialization.Metadata;

namespace Rein.Core.Audit;

/// <summary>The audit record's JSON form: snake_case, nulls left out, stable across versions.</summary>
internal static class AuditJson
{
    /// <summary>The source-generated serializer for one record: no reflection on the audit writer's path.</summary>
    public static JsonTypeInfo<AuditEvent> Event => AuditJsonContext.Default.AuditEvent;
}
