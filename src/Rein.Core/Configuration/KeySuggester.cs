namespace Rein.Core.Configuration;

/// <summary>Finds the known word closest to a misspelled one, for "did you mean" hints.</summary>
internal static class KeySuggester
{
    /// <summary>
    /// Returns the candidate nearest to <paramref name="word"/> by edit distance (case-insensitive), or
    /// <see langword="null"/> when none is close enough to be a plausible typo.
    /// </summary>
    public static string? Suggest(string word, IEnumerable<string> candidates)
    {
        var budget = Math.Clamp(word.Length / 3, 1, 3);
        var lowerWord = word.ToLowerInvariant();
        string? best = null;
        var bestDistance = budget + 1;
        foreach (var candidate in candidates)
        {
            // Note: the distance is at least the difference in length; skipping those keeps this cheap.
            if (Math.Abs(candidate.Length - word.Length) >= bestDistance)
            {
                continue;
            }

            var distance = Distance(lowerWord, candidate.ToLowerInvariant(), bestDistance - 1);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>
    /// Optimal string alignment distance (insertions, deletions, substitutions and adjacent transpositions), or any
    /// value above <paramref name="limit"/> as soon as the distance is known to exceed it.
    /// </summary>
    internal static int Distance(string a, string b, int limit)
    {
        var width = b.Length + 1;
        Span<int> rows = width <= 256 ? stackalloc int[3 * width] : new int[3 * width];
        var previousPrevious = rows[..width];
        var previous = rows.Slice(width, width);
        var current = rows.Slice(2 * width, width);
        for (var j = 0; j < width; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = i;
            for (var j = 1; j < width; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previousPrevious[j - 2] + 1);
                }

                current[j] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }

            if (rowMinimum > limit)
            {
                return rowMinimum;
            }

            var recycled = previousPrevious;
            previousPrevious = previous;
            previous = current;
            current = recycled;
        }

        return previous[b.Length];
    }
}
