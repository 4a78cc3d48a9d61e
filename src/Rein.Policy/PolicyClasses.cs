namespace Rein.Policy;

/// <summary>
/// The policies of a set grouped by body (everything but the annotations, <see cref="Policy.BodyText"/>): policies
/// with the same body differ only in id, so they match the same requests with the same outcome. The index and the
/// authorizer work on one representative per class and report every member. Sets assembled from many files or
/// templates repeat guards this way; a set without repeats has one class per policy.
/// </summary>
internal sealed class PolicyClasses
{
    private readonly int[] _start;
    private readonly int[] _members;

    public PolicyClasses(Policy[] policies)
    {
        var classOf = new int[policies.Length];
        var representatives = new List<Policy>();
        var counts = new List<int>();
        var byBody = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = byBody.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < policies.Length; i++)
        {
            var body = policies[i].BodyText;
            if (!lookup.TryGetValue(body, out var c))
            {
                c = representatives.Count;
                lookup[body] = c;
                representatives.Add(policies[i]);
                counts.Add(0);
            }

            classOf[i] = c;
            counts[c]++;
        }

        Representatives = [.. representatives];
        _start = new int[Representatives.Length + 1];
        for (var c = 0; c < Representatives.Length; c++)
        {
            _start[c + 1] = _start[c] + counts[c];
        }

        // Note: filled in policy order, so each class's members are ascending.
        _members = new int[policies.Length];
        var next = _start[..^1];
        for (var i = 0; i < policies.Length; i++)
        {
            _members[next[classOf[i]]++] = i;
        }
    }

    /// <summary>The first policy of each class, in policy order; a class is numbered by its place here.</summary>
    public Policy[] Representatives { get; }

    /// <summary>The indexes (ascending) in the set of the policies of a class.</summary>
    public ReadOnlySpan<int> Members(int c) => _members.AsSpan(_start[c], _start[c + 1] - _start[c]);
}
