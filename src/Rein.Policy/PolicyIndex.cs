namespace Rein.Policy;

using Rein.Policy.Values;

/// <summary>
/// Policies indexed by scope, so a request only looks at policies whose principal, action and resource constraints
/// could match: by entity (for <c>==</c> and <c>in</c>, looked up with the request entity and its ancestors), by type
/// (for <c>is</c>) and unconstrained, per dimension; a request takes the smallest of its three candidate lists.
/// </summary>
internal sealed class PolicyIndex
{
    private readonly Dimension[] _dimensions = new Dimension[3];
    private readonly int _count;

    [ThreadStatic]
    private static Scratch? t_scratch;

    public PolicyIndex(IReadOnlyList<Policy> policies)
    {
        _count = policies.Count;
        for (var d = 0; d < 3; d++)
        {
            var byEntity = new Dictionary<EntityUid, List<int>>();
            var byType = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            var any = new List<int>();
            for (var i = 0; i < policies.Count; i++)
            {
                var c = d switch { 0 => policies[i].Principal, 1 => policies[i].Action, _ => policies[i].Resource };
                switch (c.Kind)
                {
                    case ScopeKind.Any:
                        any.Add(i);
                        break;
                    case ScopeKind.Is:
                    case ScopeKind.IsIn:
                        Add(byType, c.EntityType!, i);
                        break;
                    default:
                        foreach (var uid in c.Entities)
                        {
                            Add(byEntity, uid, i);
                        }

                        break;
                }
            }

            _dimensions[d] = new Dimension(
                byEntity.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()),
                byType.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal),
                [.. any]);
        }
    }

    private static void Add<TKey>(Dictionary<TKey, List<int>> map, TKey key, int i)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        if (list.Count == 0 || list[^1] != i)
        {
            list.Add(i);
        }
    }

    /// <summary>
    /// Fills <paramref name="candidates"/> with the indexes (ascending, distinct) of policies that may apply: those
    /// listed, in the most selective of the three dimensions, under the request entity, its ancestors or its type.
    /// The caller still checks each candidate's whole scope.
    /// </summary>
    public void Candidates(Request request, EntityStore entities, List<int> candidates)
    {
        candidates.Clear();
        var scratch = t_scratch ??= new Scratch();
        var best = -1;
        var bestTotal = int.MaxValue;
        for (var d = 0; d < 3; d++)
        {
            var uid = d switch { 0 => request.Principal, 1 => request.Action, _ => request.Resource };
            var total = Gather(scratch.Lists[d], _dimensions[d], uid, entities);
            if (total < bestTotal)
            {
                bestTotal = total;
                best = d;
            }
        }

        scratch.Begin(_count);
        var lists = scratch.Lists[best];
        var sorted = lists.Count <= 1;
        foreach (var list in lists)
        {
            foreach (var p in list)
            {
                if (scratch.FirstSeen(p))
                {
                    candidates.Add(p);
                }
            }
        }

        if (!sorted)
        {
            candidates.Sort();
        }
    }

    private static int Gather(List<int[]> lists, Dimension dim, EntityUid uid, EntityStore entities)
    {
        lists.Clear();
        var total = 0;
        if (dim.Any.Length > 0)
        {
            lists.Add(dim.Any);
            total += dim.Any.Length;
        }

        if (dim.ByType.Count > 0 && dim.ByType.TryGetValue(uid.Type, out var typed))
        {
            lists.Add(typed);
            total += typed.Length;
        }

        if (dim.ByEntity.Count == 0)
        {
            return total;
        }

        if (dim.ByEntity.TryGetValue(uid, out var exact))
        {
            lists.Add(exact);
            total += exact.Length;
        }

        foreach (var ancestor in entities.AncestorSet(uid))
        {
            if (dim.ByEntity.TryGetValue(ancestor, out var list))
            {
                lists.Add(list);
                total += list.Length;
            }
        }

        return total;
    }

    private sealed record Dimension(Dictionary<EntityUid, int[]> ByEntity, Dictionary<string, int[]> ByType, int[] Any);

    /// <summary>Per-thread scratch space: the lists gathered per dimension and a generation mark per policy.</summary>
    private sealed class Scratch
    {
        private int[] _generation = [];
        private int _current;

        public List<int[]>[] Lists { get; } = [[], [], []];

        public void Begin(int count)
        {
            if (_generation.Length < count)
            {
                _generation = new int[Math.Max(count, _generation.Length * 2)];
                _current = 0;
            }

            _current++;
            if (_current == int.MaxValue)
            {
                Array.Clear(_generation);
                _current = 1;
            }
        }

        /// <summary>True the first time a policy is seen in the current request.</summary>
        public bool FirstSeen(int p)
        {
            if (_generation[p] == _current)
            {
                return false;
            }

            _generation[p] = _current;
            return true;
        }
    }
}
