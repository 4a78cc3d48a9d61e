namespace Rein.Gateway.Tests.Infrastructure;

/// <summary>One request exactly as the upstream received it.</summary>
internal sealed record RecordedRequest(string Method, string RawTarget, string Path, string Query, IReadOnlyDictionary<string, string[]> Headers)
{
    public string[] Values(string name) => Headers.TryGetValue(name, out var values) ? values : [];

    public string? Single(string name) => Headers.TryGetValue(name, out var values) && values.Length == 1 ? values[0] : null;

    public bool Has(string name) => Headers.ContainsKey(name);
}
