using Rein.Policy.Parsing;

namespace Rein.Policy;

/// <summary>An immutable set of policies, indexed by scope for fast authorization.</summary>
public sealed class PolicySet
{
    private readonly Policy[] _policies;

    private PolicySet(IReadOnlyList<Policy> policies)
    {
        _policies = [.. policies];
        Policies = Array.AsReadOnly(_policies);
        Classes = new PolicyClasses(_policies);
        Index = new PolicyIndex(Classes.Representatives);
        ConditionGroups = new ConditionGroups(Classes.Representatives);
    }

    /// <summary>An empty policy set (everything is denied).</summary>
    public static PolicySet Empty { get; } = new([]);

    /// <summary>The policies in source order.</summary>
    public IReadOnlyList<Policy> Policies { get; }

    /// <summary>The policies grouped by body; <see cref="Index"/> and <see cref="ConditionGroups"/> number classes.</summary>
    internal PolicyClasses Classes { get; }

    internal PolicyIndex Index { get; }

    internal ConditionGroups ConditionGroups { get; }

    /// <summary>The policy at an index of <see cref="Policies"/>, without going through the interface.</summary>
    internal Policy this[int index] => _policies[index];

    /// <summary>Parses Cedar policy text.</summary>
    /// <param name="text">Zero or more policies.</param>
    /// <param name="ids">How policies are named; by default an <c>@id</c> annotation wins over <c>policyN</c>.</param>
    /// <exception cref="PolicyParseException">The text is not valid Cedar; the message names the line and column.</exception>
    public static PolicySet Parse(string text, PolicyIdMode ids = PolicyIdMode.Annotation)
    {
        ArgumentNullException.ThrowIfNull(text);
        var policies = PolicyParser.ParsePolicies(text);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < policies.Count; i++)
        {
            if (ids == PolicyIdMode.Position)
            {
                policies[i] = policies[i].WithId("policy" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (!seen.Add(policies[i].Id))
            {
                throw new PolicyParseException($"duplicate policy id {policies[i].Id}");
            }
        }

        return new PolicySet(policies);
    }

    /// <summary>
    /// A copy in which every policy without an <c>@id</c> annotation has <paramref name="prefix"/> before its
    /// positional id (<c>tickets.cedar:policy0</c>), so sets read from several files combine without clashes.
    /// </summary>
    public PolicySet WithIdPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return new PolicySet(Policies.Select(p => p.Annotations.ContainsKey("id") ? p : p.WithId(prefix + p.Id)).ToList());
    }

    /// <summary>Combines policy sets (for example one per file) into one; ids must stay unique.</summary>
    /// <exception cref="ArgumentException">Two policies share an id.</exception>
    public static PolicySet Combine(IEnumerable<PolicySet> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var all = new List<Policy>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            foreach (var p in set.Policies)
            {
                if (!seen.Add(p.Id))
                {
                    throw new ArgumentException($"duplicate policy id {p.Id}", nameof(sets));
                }

                all.Add(p);
            }
        }

        return new PolicySet(all);
    }

    /// <summary>Parses Cedar policy text, reporting a syntax error as a value.</summary>
    public static bool TryParse(string text, out PolicySet? policySet, out PolicyParseException? error, PolicyIdMode ids = PolicyIdMode.Annotation)
    {
        try
        {
            policySet = Parse(text, ids);
            error = null;
            return true;
        }
        catch (PolicyParseException e)
        {
            policySet = null;
            error = e;
            return false;
        }
    }
}
