namespace Rein.Policy.Evaluation;

/// <summary>
/// A <c>like</c> pattern: literal segments and <c>*</c> wildcards (null segments). Matching is linear in practice:
/// the first and last literals are anchored, the ones between are placed leftmost, which is optimal for <c>*</c>-only
/// patterns and never backtracks.
/// </summary>
internal sealed class Pattern
{
    private readonly string? _prefix;
    private readonly string? _suffix;
    private readonly string[] _middle;
    private readonly bool _hasWildcard;

    public Pattern(IReadOnlyList<string?> segments)
    {
        var collapsed = new List<string?>();
        foreach (var s in segments)
        {
            if (s is null && collapsed.Count > 0 && collapsed[^1] is null)
            {
                continue;
            }

            collapsed.Add(s);
        }

        _hasWildcard = collapsed.Contains(null);
        if (!_hasWildcard)
        {
            _prefix = collapsed.Count == 0 ? string.Empty : collapsed[0];
            _middle = [];
            return;
        }

        var start = 0;
        var end = collapsed.Count;
        if (collapsed[0] is not null)
        {
            _prefix = collapsed[0];
            start = 1;
        }

        if (collapsed[^1] is not null)
        {
            _suffix = collapsed[^1];
            end--;
        }

        var middle = new List<string>();
        for (var i = start; i < end; i++)
        {
            if (collapsed[i] is { } literal)
            {
                middle.Add(literal);
            }
        }

        _middle = [.. middle];
    }

    public bool IsMatch(string text)
    {
        if (!_hasWildcard)
        {
            return string.Equals(text, _prefix, StringComparison.Ordinal);
        }

        var pos = 0;
        var end = text.Length;
        if (_prefix is not null)
        {
            if (!text.StartsWith(_prefix, StringComparison.Ordinal))
            {
                return false;
            }

            pos = _prefix.Length;
        }

        if (_suffix is not null)
        {
            end = text.Length - _suffix.Length;
            if (end < pos || !text.EndsWith(_suffix, StringComparison.Ordinal))
            {
                return false;
            }
        }

        foreach (var literal in _middle)
        {
            var found = text.IndexOf(literal, pos, end - pos, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            pos = found + literal.Length;
        }

        return true;
    }
}
