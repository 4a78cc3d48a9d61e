using System.Text.Json;

namespace Rein.Benchmarks;

/// <summary>How the policy commands write and read their intermediate results (camelCase, as bench.mjs writes).</summary>
internal static class PolicyReportJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
