namespace Rein.Policy;

using Rein.Policy.Values;

/// <summary>
/// Policies indexed by scope, so a request only evaluates policies whose principal, action and resource constraints
/// could match: by entity (for <c>==</c> and <c>in</c>, looked up with the request entity and its ancestors), by type
/// (for <c>is</c>) and unconstrained.
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

    /// <summary>Fills <paramref name="candidates"/> with the indexes (ascending) of policies that may apply.</summary>
    public void Candidates(Request request, EntityStore entities, List<int> candidates)
    {
        candidates.Clear();
        var scratch = t_scratch ??= new Scratch();
        scratch.Begin(_count);
        Visit(scratch, 0, request.Principal, entities, null);
        Visit(scratch, 1, request.Action, entities, null);
        Visit(scratch, 2, request.Resource, entities, candidates);
        candidates.Sort();
    }

    private void Visit(Scratch scratch, int d, EntityUid uid, EntityStore entities, List<int>? output)
    {
        var dim = _dimensions[d];
        Hit(scratch, d, dim.Any, output);
        if (dim.ByType.TryGetValue(uid.Type, out var typed))
        {
            Hit(scratch, d, typed, output);
        }

        if (dim.ByEntity.Count == 0)
        {
            return;
        }

        if (dim.ByEntity.TryGetValue(uid, out var exact))
        {
            Hit(scratch, d, exact, output);
        }

        foreach (var ancestor in entities.AncestorsOf(uid))
        {
            if (dim.ByEntity.TryGetValue(ancestor, out var list))
            {
                Hit(scratch, d, list, output);
            }
        }
    }

    private static void Hit(Scratch scratch, int d, int[] policies, List<int>? output)
    {
        foreach (var p in policies)
        {
            if (scratch.Mark(p, d) && output is not null)
            {
                output.Add(p);
            }
        }
    }

    private sealed record Dimension(Dictionary<EntityUid, int[]> ByEntity, Dictionary<string, int[]> ByType, int[] Any);

    /// <summary>Per-thread counters: how many scope dimensions each policy has matched in the current request.</summary>
    private sealed class Scratch
    {
        private int[] _generation = [];
        private byte[] _dimensionsSeen = [];
        private int _current;

        public void Begin(int count)
        {
            if (_generation.Length < count)
            {
                _generation = new int[Math.Max(count, _generation.Length * 2)];
                _dimensionsSeen = new byte[_generation.Length];
                _current = 0;
            }

            _current++;
            if (_current == int.MaxValue)
            {
                Array.Clear(_generation);
                _current = 1;
            }
        }

        /// <summary>Records a match in dimension <paramref name="d"/>; true when the policy has now matched all three.</summary>
        public bool Mark(int p, int d)
        {
            if (_generation[p] != _current)
            {
                if (d != 0)
                {
                    return false;
                }

                _generation[p] = _current;
                _dimensionsSeen[p] = 1;
                return false;
            }

            var bit = (byte)(1 << d);
            var before = _dimensionsSeen[p];
            if ((before & bit) != 0 || before != bit - 1)
            {
                return false;
            }

            _dimensionsSeen[p] = (byte)(before | bit);
            return d == 2;
        }
    }
}
