namespace Rein.Policy.Evaluation;

/// <summary>A <c>like</c> pattern: literal segments and <c>*</c> wildcards (null segments).</summary>
internal sealed class Pattern
{
    private readonly string?[] _segments;

    public Pattern(IReadOnlyList<string?> segments)
    {
        _segments = [.. segments];
    }

    public bool IsMatch(string text) => Match(text, 0, 0);

    private bool Match(string text, int pos, int segment)
    {
        while (segment < _segments.Length)
        {
            var literal = _segments[segment];
            if (literal is null)
            {
                // Collapse consecutive wildcards, then try every position for the rest.
                while (segment < _segments.Length && _segments[segment] is null)
                {
                    segment++;
                }

                if (segment == _segments.Length)
                {
                    return true;
                }

                var next = _segments[segment]!;
                var at = pos;
                while (true)
                {
                    var found = text.IndexOf(next, at, StringComparison.Ordinal);
                    if (found < 0)
                    {
                        return false;
                    }

                    if (Match(text, found + next.Length, segment + 1))
                    {
                        return true;
                    }

                    at = found + 1;
                }
            }

            if (string.CompareOrdinal(text, pos, literal, 0, literal.Length) != 0 || text.Length - pos < literal.Length)
            {
                return false;
            }

            pos += literal.Length;
            segment++;
        }

        return pos == text.Length;
    }
}
