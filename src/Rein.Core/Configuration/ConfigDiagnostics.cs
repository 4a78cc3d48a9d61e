namespace Rein.Core.Configuration;

/// <summary>
/// Collects the errors of one load, and remembers where each path is in the file so that the validator, which works
/// on records, can still report line and column.
/// </summary>
internal sealed class ConfigDiagnostics(string source)
{
    private readonly List<ConfigError> _errors = [];
    private readonly Dictionary<string, (int Line, int Column)> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Line, int Column)> _keyPositions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unreadable = new(StringComparer.Ordinal);
    private int _suggestionsLeft = MaxSuggestions;

    /// <summary>
    /// How many "did you mean" searches over the file's own names (tool ids, action names, issuers) one load makes.
    /// Each search is linear in the number of names, so a file with thousands of bad references would otherwise take
    /// quadratic time; past the budget, errors simply come without a suggestion.
    /// </summary>
    public const int MaxSuggestions = 256;

    /// <summary>The file name errors are reported in.</summary>
    public string Source { get; } = source;

    /// <summary>Whether any error has been reported.</summary>
    public bool HasErrors => _errors.Count > 0;

    /// <summary>Remembers where <paramref name="path"/> is; the first position recorded for a path wins.</summary>
    public void Track(string path, SourceNode node) => _positions.TryAdd(path, (node.Line, node.Column));

    /// <summary>Remembers where the key of the mapping entry at <paramref name="path"/> is.</summary>
    public void TrackKey(string path, SourceScalar key) => _keyPositions.TryAdd(path, (key.Line, key.Column));

    /// <summary>
    /// Marks a value the reader could not read (wrong type or format, already reported), so that the validator does
    /// not report it, or anything under it, a second time as missing or invalid.
    /// </summary>
    public void MarkUnreadable(string path) => _unreadable.Add(path);

    /// <summary>Reports an error at the position of <paramref name="node"/>.</summary>
    public void Report(string path, SourceNode node, string message) => ReportAt(path, node.Line, node.Column, message);

    /// <summary>Reports an error at an explicit position.</summary>
    public void ReportAt(string path, int line, int column, string message) =>
        _errors.Add(new ConfigError(Source, path, line, column, message));

    /// <summary>Reports an error at a value the reader could not read, and marks the value unreadable.</summary>
    public void ReportUnreadable(string path, SourceNode node, string message) =>
        ReportUnreadableAt(path, node.Line, node.Column, message);

    /// <summary>Reports an error at a value that could not be read, at an explicit position, and marks the value unreadable.</summary>
    public void ReportUnreadableAt(string path, int line, int column, string message)
    {
        ReportAt(path, line, column, message);
        MarkUnreadable(path);
    }

    /// <summary>
    /// Reports an error at the tracked position of <paramref name="path"/>, or of its nearest tracked ancestor when the
    /// field itself is missing. Nothing is reported under a path marked unreadable.
    /// </summary>
    public void Report(string path, string message)
    {
        if (IsSuppressed(path))
        {
            return;
        }

        var (line, column) = Locate(path);
        _errors.Add(new ConfigError(Source, path, line, column, message));
    }

    /// <summary>
    /// Like <see cref="Report(string, string)"/>, but at the key of the entry when the error is about the key itself
    /// (an agent's binding to an unknown tool, say).
    /// </summary>
    public void ReportKey(string path, string message)
    {
        if (IsSuppressed(path))
        {
            return;
        }

        var (line, column) = _keyPositions.TryGetValue(path, out var position) ? position : Locate(path);
        _errors.Add(new ConfigError(Source, path, line, column, message));
    }

    /// <summary>Whether <paramref name="path"/> or one of its ancestors is marked unreadable.</summary>
    public bool IsSuppressed(string path)
    {
        for (string? ancestor = path; ancestor is not null; ancestor = ConfigPath.Parent(ancestor))
        {
            if (_unreadable.Contains(ancestor))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Suggests the candidate closest to <paramref name="word"/>, within the load's budget of searches.</summary>
    public string? Suggest(string word, IEnumerable<string> candidates) =>
        _suggestionsLeft-- > 0 ? KeySuggester.Suggest(word, candidates) : null;

    /// <summary>The errors ordered by position in the file; errors without position first, otherwise as reported.</summary>
    public IReadOnlyList<ConfigError> Errors() =>
        _errors.OrderBy(error => error.Line).ThenBy(error => error.Column).ToList().AsReadOnly();

    private (int Line, int Column) Locate(string path)
    {
        for (string? ancestor = path; ancestor is not null; ancestor = ConfigPath.Parent(ancestor))
        {
            if (_positions.TryGetValue(ancestor, out var position))
            {
                return position;
            }
        }

        return (0, 0);
    }
}
