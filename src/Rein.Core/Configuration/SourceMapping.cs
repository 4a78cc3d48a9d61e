namespace Rein.Core.Configuration;

/// <summary>
/// A YAML mapping. Unlike YamlDotNet's <c>YamlMappingNode</c>, it keeps duplicate keys, so that the reader can report
/// every duplicate instead of stopping at the first.
/// </summary>
internal sealed class SourceMapping(int line, int column, IReadOnlyList<SourceEntry> entries) : SourceNode(line, column)
{
    /// <summary>The entries in document order, duplicates included.</summary>
    public IReadOnlyList<SourceEntry> Entries { get; } = entries;

    /// <summary>Finds the first entry with the given key.</summary>
    public SourceEntry? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }
}
