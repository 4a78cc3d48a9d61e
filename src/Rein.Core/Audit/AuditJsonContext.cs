using System.Text.Json.Serialization;

namespace Rein.Core.Audit;

/// <summary>The audit record's serializer, generated at build time: snake_case names, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditEvent))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
