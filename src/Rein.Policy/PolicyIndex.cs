using System.Numerics;
using Rein.Policy.Values;

namespace Rein.Policy;

/// <summary>
/// Policies indexed by scope, so a request only evaluates the policies whose scope matches it. Each of the three
/// dimensions (principal, action, resource) lists every policy exactly once: under an entity for <c>==</c> (looked up
/// with the request entity only), under an entity for <c>in</c> and <c>is … in</c> (looked up with the request entity
/// and each of its ancestors), under a type for <c>is</c>, or as unconstrained. A policy's scope matches a request
/// exactly when the policy is listed for the request in all three dimensions (<c>is … in</c> also needs its type
/// checked), so the candidates are the intersection of three unions of lists.
/// </summary>
/// <remarks>
/// Two ways to intersect, whichever is cheaper for the request: when the smallest dimension lists few policies, those
/// few have their whole scope checked; otherwise each dimension's union becomes a bit set (long lists are stored as bit
/// sets already, so a union is a few word-wide ORs) and the three are ANDed. The second way is what keeps 10,000
/// policies cheap when a thousand of them are unconstrained in some dimension (kill switches, guards).
/// </remarks>
internal sealed class PolicyIndex
{
    /// <summary>What checking one candidate's scope costs, in the unit of one word of bit set work (a rough guide).</summary>
    private const int ScopeCheckCost = 16;

    private readonly Policy[] _policies;
    private readonly Dimension[] _dimensions = new Dimension[3];
    private readonly bool[] _recheck;
    private readonly int _words;

    [ThreadStatic]
    private static Scratch? t_scratch;

    public PolicyIndex(Policy[] policies)
    {
        _policies = policies;
        _words = (policies.Length + 63) / 64;
        _recheck = new bool[policies.Length];
        for (var d = 0; d < 3; d++)
        {
            var byEqual = new Dictionary<EntityUid, List<int>>();
            var byIn = new Dictionary<EntityUid, List<int>>();
            var byType = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            var any = new List<int>();
            for (var i = 0; i < policies.Length; i++)
            {
                var c = Constraint(policies[i], d);
                switch (c.Kind)
                {
                    case ScopeKind.Any:
                        any.Add(i);
                        break;
                    case ScopeKind.Is:
                        Add(byType, c.EntityType!, i);
                        break;
                    case ScopeKind.Equal:
                        Add(byEqual, c.Entities[0], i);
                        break;
                    case ScopeKind.IsIn:
                        // Note: listed under its entity like `in`; the type is checked on the candidate.
                        _recheck[i] = true;
                        Add(byIn, c.Entities[0], i);
                        break;
                    default:
                        foreach (var uid in c.Entities)
                        {
                            Add(byIn, uid, i);
                        }

                        break;
                }
            }

            _dimensions[d] = new Dimension(
                byEqual.ToDictionary(kv => kv.Key, kv => List(kv.Value)),
                byIn.ToDictionary(kv => kv.Key, kv => List(kv.Value)),
                byType.ToDictionary(kv => kv.Key, kv => List(kv.Value), StringComparer.Ordinal),
                any.Count > 0 ? List(any) : null);
        }
    }

    private static ScopeConstraint Constraint(Policy policy, int dimension) =>
        dimension switch { 0 => policy.Principal, 1 => policy.Action, _ => policy.Resource };

    private static EntityUid Target(Request request, int dimension) =>
        dimension switch { 0 => request.Principal, 1 => request.Action, _ => request.Resource };

    private static void Add<TKey>(Dictionary<TKey, List<int>> map, TKey key, int i)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        // Note: `action in [A, A]` lists a policy under A once.
        if (list.Count == 0 || list[^1] != i)
        {
            list.Add(i);
        }
    }

    /// <summary>A list of policy indexes (ascending); one longer than the bit set's word count is kept as bits too.</summary>
    private PolicyList List(List<int> items)
    {
        ulong[]? bits = null;
        if (items.Count > _words)
        {
            bits = new ulong[_words];
            foreach (var p in items)
            {
                bits[p >> 6] |= 1UL << p;
            }
        }

        return new PolicyList([.. items], bits);
    }

    /// <summary>
    /// Fills <paramref name="candidates"/> with the indexes (ascending, distinct) of exactly the policies whose scope
    /// matches the request.
    /// </summary>
    public void Candidates(Request request, EntityStore entities, List<int> candidates)
    {
        candidates.Clear();
        if (_policies.Length == 0)
        {
            return;
        }

        var scratch = t_scratch ??= new Scratch();
        var best = -1;
        var bestTotal = int.MaxValue;
        var bitsetCost = 0L;
        for (var d = 0; d < 3; d++)
        {
            var total = Gather(scratch.Lists[d], _dimensions[d], Target(request, d), entities, out var cost);
            if (total == 0)
            {
                return;
            }

            bitsetCost += cost;
            if (total < bestTotal)
            {
                bestTotal = total;
                best = d;
            }
        }

        if ((long)bestTotal * ScopeCheckCost <= bitsetCost)
        {
            CheckEach(scratch, scratch.Lists[best], request, entities, candidates);
        }
        else
        {
            Intersect(scratch, request, entities, candidates);
        }
    }

    /// <summary>The lists of one dimension that apply to the request; returns how many entries they hold.</summary>
    private int Gather(List<PolicyList> lists, Dimension dim, EntityUid uid, EntityStore entities, out long bitsetCost)
    {
        lists.Clear();
        if (dim.Any is { } any)
        {
            lists.Add(any);
        }

        if (dim.ByType.Count > 0 && dim.ByType.TryGetValue(uid.Type, out var typed))
        {
            lists.Add(typed);
        }

        if (dim.ByEqual.Count > 0 && dim.ByEqual.TryGetValue(uid, out var equal))
        {
            lists.Add(equal);
        }

        if (dim.ByIn.Count > 0)
        {
            if (dim.ByIn.TryGetValue(uid, out var self))
            {
                lists.Add(self);
            }

            foreach (var ancestor in entities.AncestorSet(uid))
            {
                if (dim.ByIn.TryGetValue(ancestor, out var list))
                {
                    lists.Add(list);
                }
            }
        }

        var total = 0;
        bitsetCost = _words;
        foreach (var list in lists)
        {
            total += list.Items.Length;
            bitsetCost += list.Bits is null ? list.Items.Length : _words;
        }

        return total;
    }

    /// <summary>Few candidates: take the smallest dimension's policies and check each one's whole scope.</summary>
    private void CheckEach(Scratch scratch, List<PolicyList> lists, Request request, EntityStore entities, List<int> candidates)
    {
        scratch.Begin(_policies.Length);
        foreach (var list in lists)
        {
            foreach (var p in list.Items)
            {
                if (scratch.FirstSeen(p) && _policies[p].MatchesScope(request, entities))
                {
                    candidates.Add(p);
                }
            }
        }

        if (lists.Count > 1)
        {
            candidates.Sort();
        }
    }

    /// <summary>Many candidates: the AND of the three dimensions' unions, as bit sets.</summary>
    private void Intersect(Scratch scratch, Request request, EntityStore entities, List<int> candidates)
    {
        scratch.Bits(_words, out var acc, out var union);
        Union(scratch.Lists[0], acc);
        for (var d = 1; d < 3; d++)
        {
            Union(scratch.Lists[d], union);
            BitSets.And(acc, union);
        }

        for (var w = 0; w < acc.Length; w++)
        {
            var bits = acc[w];
            while (bits != 0)
            {
                var p = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                if (!_recheck[p] || _policies[p].MatchesScope(request, entities))
                {
                    candidates.Add(p);
                }
            }
        }
    }

    private static void Union(List<PolicyList> lists, Span<ulong> into)
    {
        var empty = true;
        foreach (var list in lists)
        {
            if (list.Bits is { } bits)
            {
                if (empty)
                {
                    bits.CopyTo(into);
                    empty = false;
                }
                else
                {
                    BitSets.Or(into, bits);
                }
            }
        }

        if (empty)
        {
            into.Clear();
        }

        foreach (var list in lists)
        {
            if (list.Bits is null)
            {
                foreach (var p in list.Items)
                {
                    into[p >> 6] |= 1UL << p;
                }
            }
        }
    }

    private sealed record PolicyList(int[] Items, ulong[]? Bits);

    private sealed record Dimension(
        Dictionary<EntityUid, PolicyList> ByEqual,
        Dictionary<EntityUid, PolicyList> ByIn,
        Dictionary<string, PolicyList> ByType,
        PolicyList? Any);

    /// <summary>Per-thread scratch space: the lists gathered per dimension, a generation mark per policy, bit sets.</summary>
    private sealed class Scratch
    {
        private int[] _generation = [];
        private int _current;
        private ulong[] _acc = [];
        private ulong[] _union = [];

        public List<PolicyList>[] Lists { get; } = [[], [], []];

        /// <summary>Two bit sets of <paramref name="words"/> words: the running intersection and one dimension's union.</summary>
        public void Bits(int words, out Span<ulong> acc, out Span<ulong> union)
        {
            if (_acc.Length < words)
            {
                _acc = new ulong[words];
                _union = new ulong[words];
            }

            acc = _acc.AsSpan(0, words);
            union = _union.AsSpan(0, words);
        }

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
