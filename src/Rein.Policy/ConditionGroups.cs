namespace Rein.Policy;

/// <summary>
/// Policies (in practice the representatives of <see cref="PolicyClasses"/>) whose <c>when</c>/<c>unless</c> clauses
/// have the same source, numbered as groups. Evaluation is a
/// function of the request and the entities only, so every member of a group has the same outcome (and the same error)
/// on a request: the authorizer evaluates a group once per request. Sets written from templates (the same guard or
/// the same grant condition on hundreds of agents and tools) are mostly such groups.
/// </summary>
internal sealed class ConditionGroups
{
    /// <summary>No group: conditions no other policy shares.</summary>
    public const int None = -1;

    /// <summary>No group because no conditions: the policy is satisfied whenever its scope matches.</summary>
    public const int NoConditions = -2;

    private readonly int[] _groupOf;

    public ConditionGroups(Policy[] policies)
    {
        _groupOf = new int[policies.Length];
        Array.Fill(_groupOf, None);
        var firstWith = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = firstWith.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < policies.Length; i++)
        {
            if (!policies[i].HasConditions)
            {
                _groupOf[i] = NoConditions;
                continue;
            }

            var text = policies[i].ConditionText;
            if (!lookup.TryGetValue(text, out var first))
            {
                lookup[text] = i;
                continue;
            }

            if (_groupOf[first] == None)
            {
                _groupOf[first] = Count++;
            }

            _groupOf[i] = _groupOf[first];
        }
    }

    /// <summary>How many groups there are.</summary>
    public int Count { get; }

    /// <summary>
    /// The group of the policy at an index, <see cref="None"/> or <see cref="NoConditions"/>. The authorizer reads this
    /// before the policy itself, so a policy whose group already failed on this request is never touched.
    /// </summary>
    public int Of(int policy) => _groupOf[policy];
}
