using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rein.Core.Audit;

/// <summary>The audit record's JSON form: snake_case, nulls left out, stable across versions.</summary>
internal static class AuditJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
