namespace Rein.Core.Configuration;

/// <summary>One key/value pair of a YAML mapping.</summary>
/// <param name="Key">The key, always a scalar.</param>
/// <param name="Value">The value.</param>
internal sealed record SourceEntry(SourceScalar Key, SourceNode Value);
