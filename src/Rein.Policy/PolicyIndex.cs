using System.Numerics;
using Rein.Policy.Values;

namespace Rein.Policy;

/// <summary>
/// Policies indexed by scope, so a request only evaluates the policies whose scope matches it. In each dimension
/// (principal, action, resource) a policy is constrained under an entity for <c>==</c> (looked up with the request
/// entity only), under an entity for <c>in</c> and <c>is … in</c> (looked up with the request entity and each of its
/// ancestors), under a type for <c>is</c>, or not at all. A policy's scope matches a request exactly when the request
/// finds it in every dimension the policy constrains (<c>is … in</c> also needs its type checked).
/// </summary>
/// <remarks>
/// Policies are partitioned by which dimensions they constrain (their signature), so an unconstrained dimension costs
/// nothing: a thousand kill switches <c>(principal == A, action, resource)</c> are found through the principal alone,
/// and guards <c>(principal, action in G, resource is T)</c> through the action and resource alone, instead of sitting
/// in an "any" list every request must wade through. Within a partition the request intersects the unions of its
/// lists in the constrained dimensions, whichever way is cheaper: when the smallest lists few policies, those have
/// their scope checked; otherwise each union becomes a bit set (long lists are stored as bit sets already) and they
/// are ANDed.
/// </remarks>
internal sealed class PolicyIndex
{
    /// <summary>What checking one candidate's scope costs, in the unit of one word of bit set work (a rough guide).</summary>
    private const int ScopeCheckCost = 16;

    private const int Signatures = 8;

    private readonly Policy[] _policies;
    private readonly Dimension[] _dimensions = new Dimension[3];
    private readonly bool[] _recheck;
    private readonly int[] _unconstrained;
    private readonly int _words;

    [ThreadStatic]
    private static Scratch? t_scratch;

    public PolicyIndex(Policy[] policies)
    {
        _policies = policies;
        _words = (policies.Length + 63) / 64;
        _recheck = new bool[policies.Length];
        var unconstrained = new List<int>();
        var signatures = new int[policies.Length];
        for (var i = 0; i < policies.Length; i++)
        {
            for (var d = 0; d < 3; d++)
            {
                if (Constraint(policies[i], d).Kind != ScopeKind.Any)
                {
                    signatures[i] |= 1 << d;
                }
            }

            if (signatures[i] == 0)
            {
                unconstrained.Add(i);
            }
        }

        _unconstrained = [.. unconstrained];
        for (var d = 0; d < 3; d++)
        {
            var byEqual = new Dictionary<EntityUid, List<int>[]>();
            var byIn = new Dictionary<EntityUid, List<int>[]>();
            var byType = new Dictionary<string, List<int>[]>(StringComparer.Ordinal);
            for (var i = 0; i < policies.Length; i++)
            {
                var c = Constraint(policies[i], d);
                switch (c.Kind)
                {
                    case ScopeKind.Any:
                        break;
                    case ScopeKind.Is:
                        Add(byType, c.EntityType!, signatures[i], i);
                        break;
                    case ScopeKind.Equal:
                        Add(byEqual, c.Entities[0], signatures[i], i);
                        break;
                    case ScopeKind.IsIn:
                        // Note: listed under its entity like `in`; the type is checked on the candidate.
                        _recheck[i] = true;
                        Add(byIn, c.Entities[0], signatures[i], i);
                        break;
                    default:
                        foreach (var uid in c.Entities)
                        {
                            Add(byIn, uid, signatures[i], i);
                        }

                        break;
                }
            }

            _dimensions[d] = new Dimension(
                byEqual.ToDictionary(kv => kv.Key, kv => Lists(kv.Value)),
                byIn.ToDictionary(kv => kv.Key, kv => Lists(kv.Value)),
                byType.ToDictionary(kv => kv.Key, kv => Lists(kv.Value), StringComparer.Ordinal));
        }
    }

    private static ScopeConstraint Constraint(Policy policy, int dimension) =>
        dimension switch { 0 => policy.Principal, 1 => policy.Action, _ => policy.Resource };

    private static EntityUid Target(Request request, int dimension) =>
        dimension switch { 0 => request.Principal, 1 => request.Action, _ => request.Resource };

    private static void Add<TKey>(Dictionary<TKey, List<int>[]> map, TKey key, int signature, int i)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var bySignature))
        {
            bySignature = new List<int>[Signatures];
            map[key] = bySignature;
        }

        var list = bySignature[signature] ??= [];

        // Note: `action in [A, A]` lists a policy under A once.
        if (list.Count == 0 || list[^1] != i)
        {
            list.Add(i);
        }
    }

    /// <summary>The non-empty lists of one key, by signature.</summary>
    private PolicyList[] Lists(List<int>[] bySignature)
    {
        var lists = new List<PolicyList>();
        for (var s = 0; s < Signatures; s++)
        {
            if (bySignature[s] is not { } items)
            {
                continue;
            }

            ulong[]? bits = null;
            if (items.Count > _words)
            {
                bits = new ulong[_words];
                foreach (var p in items)
                {
                    bits[p >> 6] |= 1UL << p;
                }
            }

            lists.Add(new PolicyList(s, [.. items], bits));
        }

        return [.. lists];
    }

    /// <summary>
    /// Fills <paramref name="candidates"/> with the indexes (ascending, distinct) of exactly the policies whose scope
    /// matches the request.
    /// </summary>
    public void Candidates(Request request, EntityStore entities, List<int> candidates)
    {
        candidates.Clear();
        candidates.AddRange(_unconstrained);
        if (_policies.Length == _unconstrained.Length)
        {
            return;
        }

        var scratch = t_scratch ??= new Scratch();
        scratch.Begin(_policies.Length);
        for (var d = 0; d < 3; d++)
        {
            Gather(scratch, d, _dimensions[d], Target(request, d), entities);
        }

        var sources = _unconstrained.Length > 0 ? 1 : 0;
        for (var s = 1; s < Signatures; s++)
        {
            // A partition contributes only if the request found some of it in every dimension it constrains.
            var best = -1;
            var bestTotal = int.MaxValue;
            var bitsetCost = 0L;
            var complete = true;
            for (var d = 0; d < 3 && complete; d++)
            {
                if ((s & (1 << d)) == 0)
                {
                    continue;
                }

                var part = scratch.Parts[s, d];
                complete = part.Total > 0;
                bitsetCost += _words + part.BitsetCost;
                if (part.Total < bestTotal)
                {
                    bestTotal = part.Total;
                    best = d;
                }
            }

            if (!complete || best < 0)
            {
                continue;
            }

            var before = candidates.Count;
            if (BitOperations.PopCount((uint)s) == 1)
            {
                // Note: one constrained dimension: its lists are exactly the partition's matches.
                TakeAll(scratch, scratch.Parts[s, best].Lists, request, entities, candidates);
            }
            else if ((long)bestTotal * ScopeCheckCost <= bitsetCost)
            {
                CheckEach(scratch, scratch.Parts[s, best].Lists, request, entities, candidates);
            }
            else
            {
                Intersect(scratch, s, request, entities, candidates);
            }

            if (candidates.Count > before)
            {
                sources++;
            }
        }

        if (sources > 1 || scratch.Unsorted)
        {
            candidates.Sort();
        }
    }

    /// <summary>Adds the lists of one dimension that apply to the request to their partitions.</summary>
    private void Gather(Scratch scratch, int d, Dimension dim, EntityUid uid, EntityStore entities)
    {
        if (dim.ByType.Count > 0 && dim.ByType.TryGetValue(uid.Type, out var typed))
        {
            scratch.Add(d, typed, _words);
        }

        if (dim.ByEqual.Count > 0 && dim.ByEqual.TryGetValue(uid, out var equal))
        {
            scratch.Add(d, equal, _words);
        }

        if (dim.ByIn.Count > 0)
        {
            if (dim.ByIn.TryGetValue(uid, out var self))
            {
                scratch.Add(d, self, _words);
            }

            foreach (var ancestor in entities.AncestorSet(uid))
            {
                if (dim.ByIn.TryGetValue(ancestor, out var lists))
                {
                    scratch.Add(d, lists, _words);
                }
            }
        }
    }

    /// <summary>Every policy of the lists (a partition that constrains only this dimension).</summary>
    private void TakeAll(Scratch scratch, List<PolicyList> lists, Request request, EntityStore entities, List<int> candidates)
    {
        foreach (var list in lists)
        {
            foreach (var p in list.Items)
            {
                if (scratch.FirstSeen(p) && (!_recheck[p] || _policies[p].MatchesScope(request, entities)))
                {
                    candidates.Add(p);
                }
            }
        }

        scratch.Unsorted |= lists.Count > 1;
    }

    /// <summary>Few candidates: take the smallest dimension's policies and check each one's whole scope.</summary>
    private void CheckEach(Scratch scratch, List<PolicyList> lists, Request request, EntityStore entities, List<int> candidates)
    {
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

        scratch.Unsorted |= lists.Count > 1;
    }

    /// <summary>Many candidates: the AND of the partition's unions in the dimensions it constrains, as bit sets.</summary>
    private void Intersect(Scratch scratch, int signature, Request request, EntityStore entities, List<int> candidates)
    {
        scratch.Bits(_words, out var acc, out var union);
        var first = true;
        for (var d = 0; d < 3; d++)
        {
            if ((signature & (1 << d)) == 0)
            {
                continue;
            }

            if (first)
            {
                Union(scratch.Parts[signature, d].Lists, acc);
                first = false;
            }
            else
            {
                Union(scratch.Parts[signature, d].Lists, union);
                BitSets.And(acc, union);
            }
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

    /// <summary>Policies of one partition (signature) listed under one key, ascending; long lists also as bits.</summary>
    private sealed record PolicyList(int Signature, int[] Items, ulong[]? Bits);

    private sealed record Dimension(
        Dictionary<EntityUid, PolicyList[]> ByEqual,
        Dictionary<EntityUid, PolicyList[]> ByIn,
        Dictionary<string, PolicyList[]> ByType);

    /// <summary>What a request found of one partition in one dimension.</summary>
    private sealed class Part
    {
        public List<PolicyList> Lists { get; } = [];

        public int Total { get; set; }

        public long BitsetCost { get; set; }

        public void Clear()
        {
            Lists.Clear();
            Total = 0;
            BitsetCost = 0;
        }
    }

    /// <summary>
    /// Per-thread scratch space: what the request found per partition and dimension, a generation mark per policy
    /// (to skip a policy listed twice), two bit sets.
    /// </summary>
    private sealed class Scratch
    {
        private readonly List<Part> _touched = [];
        private int[] _generation = [];
        private int _current;
        private ulong[] _acc = [];
        private ulong[] _union = [];

        public Scratch()
        {
            for (var s = 0; s < Signatures; s++)
            {
                for (var d = 0; d < 3; d++)
                {
                    Parts[s, d] = new Part();
                }
            }
        }

        public Part[,] Parts { get; } = new Part[Signatures, 3];

        /// <summary>Whether the candidates may be out of order (a policy listed under several keys).</summary>
        public bool Unsorted { get; set; }

        /// <summary>Starts a request over <paramref name="count"/> policies.</summary>
        public void Begin(int count)
        {
            foreach (var part in _touched)
            {
                part.Clear();
            }

            _touched.Clear();
            Unsorted = false;
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

        public void Add(int dimension, PolicyList[] lists, int words)
        {
            foreach (var list in lists)
            {
                var part = Parts[list.Signature, dimension];
                if (part.Lists.Count == 0)
                {
                    _touched.Add(part);
                }

                part.Lists.Add(list);
                part.Total += list.Items.Length;
                part.BitsetCost += list.Bits is null ? list.Items.Length : words;
            }
        }

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
