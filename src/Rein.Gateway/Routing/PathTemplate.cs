namespace Rein.Gateway.Routing;

/// <summary>
/// A compiled action path template such as <c>/tickets/{id}</c> or <c>/files/{*rest}</c>. Matching walks the path
/// once without allocating. Literal segments compare ordinally: a path that differs only in case does not match,
/// so an upstream that ignores case can never be reached through an undeclared spelling.
/// </summary>
internal sealed class PathTemplate
{
    private readonly Segment[] _segments;
    private readonly bool _catchAll;

    private readonly record struct Segment(string? Literal);

    private PathTemplate(Segment[] segments, bool catchAll, string text)
    {
        _segments = segments;
        _catchAll = catchAll;
        Text = text;
        LiteralCount = segments.Count(s => s.Literal is not null);
    }

    public string Text { get; }

    /// <summary>More literal segments is more specific; used to order templates so the most specific match wins.</summary>
    public int LiteralCount { get; }

    public int SegmentCount => _segments.Length;

    public bool IsCatchAll => _catchAll;

    public static PathTemplate Parse(string template)
    {
        ArgumentException.ThrowIfNullOrEmpty(template);
        if (template[0] != '/') throw new ArgumentException("A path template starts with '/'.", nameof(template));
        var parts = template.Length == 1 ? [] : template[1..].Split('/');
        var segments = new List<Segment>(parts.Length);
        var catchAll = false;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.StartsWith("{*", StringComparison.Ordinal) && part.EndsWith('}'))
            {
                if (i != parts.Length - 1) throw new ArgumentException("A catch-all segment must be last.", nameof(template));
                catchAll = true;
            }
            else if (part.StartsWith('{') && part.EndsWith('}'))
            {
                segments.Add(new Segment(null));
            }
            else
            {
                segments.Add(new Segment(part));
            }
        }
        return new PathTemplate([.. segments], catchAll, template);
    }

    /// <summary>Whether <paramref name="path"/> (starting with '/', no query) matches.</summary>
    public bool Matches(ReadOnlySpan<char> path)
    {
        if (path.IsEmpty || path[0] != '/') return false;
        var rest = path[1..];
        var consumedAll = rest.IsEmpty;
        foreach (var expected in _segments)
        {
            if (rest.IsEmpty) return false;
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            if (segment.IsEmpty) return false;
            if (expected.Literal is { } literal && !segment.SequenceEqual(literal)) return false;
            consumedAll = slash < 0;
            rest = slash < 0 ? [] : rest[(slash + 1)..];
        }
        // A catch-all takes whatever is left, even nothing; otherwise nothing may be left, not even a trailing '/'.
        return _catchAll || consumedAll;
    }
}
