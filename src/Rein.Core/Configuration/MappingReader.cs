using System.Globalization;

namespace Rein.Core.Configuration;

/// <summary>
/// Reads the fields of one YAML mapping, reporting unknown keys (with a "did you mean"), duplicate keys and values of
/// the wrong type, and recording where each field is for later errors. A value that cannot be read comes back as
/// <see langword="null"/> after its error is reported, so reading always continues to the end of the file.
/// </summary>
internal sealed class MappingReader
{
    private static readonly string[] RiskNames = ["low", "medium", "high", "critical"];
    private static readonly string[] ApprovalNames = ["required", "none"];

    private readonly Dictionary<string, SourceEntry> _entries;

    private MappingReader(string path, ConfigDiagnostics diagnostics, Dictionary<string, SourceEntry> entries)
    {
        Path = path;
        Diagnostics = diagnostics;
        _entries = entries;
    }

    /// <summary>The path of the mapping itself.</summary>
    public string Path { get; }

    /// <summary>Where errors go.</summary>
    public ConfigDiagnostics Diagnostics { get; }

    /// <summary>The keys present, in document order, each once (later duplicates are reported and ignored).</summary>
    public IEnumerable<string> Keys => _entries.Keys;

    /// <summary>
    /// Opens <paramref name="node"/> as a mapping. A missing or null node reads as an empty mapping; any other
    /// non-mapping is reported. With <paramref name="knownKeys"/>, every other key is reported as unknown.
    /// </summary>
    public static MappingReader Open(SourceNode? node, string path, ConfigDiagnostics diagnostics, IReadOnlyList<string>? knownKeys)
    {
        var entries = new Dictionary<string, SourceEntry>(StringComparer.Ordinal);
        if (node is SourceMapping mapping)
        {
            diagnostics.Track(path, mapping);
            var unknown = new List<SourceScalar>();
            foreach (var entry in mapping.Entries)
            {
                var key = entry.Key.Value;
                var keyPath = ConfigPath.Key(path, key);
                if (entries.TryGetValue(key, out var first))
                {
                    diagnostics.Report(keyPath, entry.Key, $"duplicate key '{key}' (first defined at line {first.Key.Line})");
                }
                else if (knownKeys is not null && !knownKeys.Contains(key, StringComparer.Ordinal))
                {
                    unknown.Add(entry.Key);
                }
                else
                {
                    entries.Add(key, entry);
                    diagnostics.Track(keyPath, entry.Value);
                    diagnostics.TrackKey(keyPath, entry.Key);
                }
            }

            foreach (var key in unknown)
            {
                ReportUnknownKey(key, path, knownKeys!, entries, diagnostics);
            }
        }
        else if (node is not null && !(node is SourceScalar { IsNull: true }))
        {
            diagnostics.ReportUnreadable(path, node, $"expected a mapping, found {Quote.Kind(node)}");
        }

        return new MappingReader(path, diagnostics, entries);
    }

    /// <summary>The path of the field <paramref name="key"/>.</summary>
    public string PathOf(string key) => ConfigPath.Key(Path, key);

    /// <summary>The value of <paramref name="key"/>, or <see langword="null"/> when it is absent or YAML null.</summary>
    public SourceNode? Node(string key) =>
        _entries.TryGetValue(key, out var entry) && entry.Value is not SourceScalar { IsNull: true } ? entry.Value : null;

    /// <summary>The key node of <paramref name="key"/>, for errors about the key itself.</summary>
    public SourceScalar? KeyNode(string key) => _entries.TryGetValue(key, out var entry) ? entry.Key : null;

    /// <summary>Whether <paramref name="key"/> is present with a non-null value.</summary>
    public bool Has(string key) => Node(key) is not null;

    /// <summary>Reads a string; lists and mappings are reported.</summary>
    public string? String(string key) => Scalar(key)?.Value;

    /// <summary>Reads an unquoted <c>true</c> or <c>false</c>.</summary>
    public bool? Bool(string key)
    {
        var scalar = Scalar(key);
        switch (scalar)
        {
            case null:
                return null;
            case { IsPlain: true, Value: "true" or "True" or "TRUE" }:
                return true;
            case { IsPlain: true, Value: "false" or "False" or "FALSE" }:
                return false;
            default:
                Diagnostics.ReportUnreadable(PathOf(key), scalar, $"expected true or false (unquoted), found {Quote.Value(scalar.Value)}");
                return null;
        }
    }

    /// <summary>Reads a calendar date written <c>YYYY-MM-DD</c>.</summary>
    public DateOnly? Date(string key)
    {
        var scalar = Scalar(key);
        if (scalar is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(scalar.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Diagnostics.ReportUnreadable(PathOf(key), scalar, $"expected a date as YYYY-MM-DD, found {Quote.Value(scalar.Value)}");
        return null;
    }

    /// <summary>
    /// Reads an RFC 3339 timestamp with an explicit offset (<c>2026-06-30T18:00:00Z</c>); a time without one would mean
    /// different instants on different machines.
    /// </summary>
    public DateTimeOffset? Timestamp(string key)
    {
        var scalar = Scalar(key);
        if (scalar is null)
        {
            return null;
        }

        if (TimestampRules.TryParse(scalar.Value, out var instant))
        {
            return instant;
        }

        Diagnostics.ReportUnreadable(PathOf(key), scalar, $"expected an RFC 3339 timestamp with an offset such as 2026-06-30T18:00:00Z, found {Quote.Value(scalar.Value)}");
        return null;
    }

    /// <summary>Reads an approval mode: <c>required</c> (true) or <c>none</c> (false).</summary>
    public bool? Approval(string key)
    {
        var scalar = Scalar(key);
        switch (scalar?.Value)
        {
            case null:
                return null;
            case "required":
                return true;
            case "none":
                return false;
            default:
                var suggestion = KeySuggester.Suggest(scalar.Value, ApprovalNames);
                Diagnostics.ReportUnreadable(
                    PathOf(key),
                    scalar,
                    suggestion is null
                        ? $"unknown approval mode {Quote.Value(scalar.Value)} (expected {Quote.Choices(ApprovalNames)})"
                        : $"unknown approval mode {Quote.Value(scalar.Value)} (did you mean '{suggestion}'?)");
                return null;
        }
    }

    /// <summary>Reads a risk tier: <c>low</c>, <c>medium</c>, <c>high</c> or <c>critical</c>.</summary>
    public RiskTier? Risk(string key)
    {
        var scalar = Scalar(key);
        switch (scalar?.Value)
        {
            case null:
                return null;
            case "low":
                return RiskTier.Low;
            case "medium":
                return RiskTier.Medium;
            case "high":
                return RiskTier.High;
            case "critical":
                return RiskTier.Critical;
            default:
                var suggestion = KeySuggester.Suggest(scalar.Value, RiskNames);
                Diagnostics.ReportUnreadable(
                    PathOf(key),
                    scalar,
                    suggestion is null
                        ? $"unknown risk tier {Quote.Value(scalar.Value)} (expected {Quote.Choices(RiskNames)})"
                        : $"unknown risk tier {Quote.Value(scalar.Value)} (did you mean '{suggestion}'?)");
                return null;
        }
    }

    /// <summary>Reads a list, returning each item with its path; absent or null reads as empty.</summary>
    public IReadOnlyList<(SourceNode Node, string Path)> Sequence(string key)
    {
        var node = Node(key);
        if (node is null)
        {
            return [];
        }

        var path = PathOf(key);
        if (node is not SourceSequence sequence)
        {
            Diagnostics.ReportUnreadable(path, node, $"expected a list, found {Quote.Kind(node)}");
            return [];
        }

        var items = new List<(SourceNode, string)>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemPath = ConfigPath.Index(path, i);
            Diagnostics.Track(itemPath, sequence.Items[i]);
            items.Add((sequence.Items[i], itemPath));
        }

        return items;
    }

    /// <summary>Opens the value of <paramref name="key"/> as a mapping (see <see cref="Open"/>).</summary>
    public MappingReader Mapping(string key, IReadOnlyList<string>? knownKeys) =>
        Open(Node(key), PathOf(key), Diagnostics, knownKeys);

    /// <summary>Reads a scalar as a string at a list item or other node outside a mapping field.</summary>
    public static string? ReadString(SourceNode node, string path, ConfigDiagnostics diagnostics)
    {
        switch (node)
        {
            case SourceScalar { IsNull: true }:
                return null;
            case SourceScalar scalar:
                return scalar.Value;
            default:
                diagnostics.ReportUnreadable(path, node, $"expected a string, found {Quote.Kind(node)}");
                return null;
        }
    }

    private SourceScalar? Scalar(string key)
    {
        var node = Node(key);
        if (node is null)
        {
            return null;
        }

        if (node is SourceScalar scalar)
        {
            return scalar;
        }

        Diagnostics.ReportUnreadable(PathOf(key), node, $"expected a string, found {Quote.Kind(node)}");
        return null;
    }

    private static void ReportUnknownKey(
        SourceScalar key,
        string path,
        IReadOnlyList<string> knownKeys,
        Dictionary<string, SourceEntry> entries,
        ConfigDiagnostics diagnostics)
    {
        var keyPath = ConfigPath.Key(path, key.Value);
        var suggestion = KeySuggester.Suggest(key.Value, knownKeys);
        if (suggestion is null)
        {
            diagnostics.Report(keyPath, key, $"unknown key {Quote.Value(key.Value)} (expected {Quote.Choices(knownKeys)})");
            return;
        }

        diagnostics.Report(keyPath, key, $"unknown key {Quote.Value(key.Value)} (did you mean '{suggestion}'?)");
        if (!entries.ContainsKey(suggestion))
        {
            // Note: the misspelled key is the missing one; saying it is also "required" would only repeat the error.
            diagnostics.MarkUnreadable(ConfigPath.Key(path, suggestion));
        }
    }
}
