using Rein.Policy.Evaluation;

namespace Rein.Policy;

/// <summary>
/// Cedar's authorization algorithm: default deny, a satisfied forbid overrides any permit, and a policy whose
/// evaluation errors is skipped and reported.
/// </summary>
public static class Authorizer
{
    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <summary>Decides a request against a policy set and an entity store.</summary>
    public static AuthorizationResponse IsAuthorized(Request request, PolicySet policies, EntityStore entities)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(entities);

        // Note: the per-thread scratch keeps a decision down to two allocations, the response and its reason array.
        var scratch = t_scratch ??= new Scratch();
        scratch.Clear();

        // Note: the index yields exactly the policy classes whose scope matches (a class is the policies with the same
        // body under different ids); only their conditions are left to evaluate, once per class and shared condition.
        var candidates = scratch.Candidates;
        policies.Index.Candidates(request, entities, candidates);

        var classes = policies.Classes;
        var representatives = classes.Representatives;
        var groups = policies.ConditionGroups;
        var memo = groups.Count > 0 && candidates.Count > 1 ? ConditionMemo.Begin(groups.Count) : null;
        EvaluationContext? context = null;
        foreach (var c in candidates)
        {
            // Note: the group is read first, so a class whose shared condition already failed costs two array reads.
            var group = groups.Of(c);
            bool? outcome = true;
            string? error = null;
            if (group != ConditionGroups.NoConditions && (memo is null || group == ConditionGroups.None || !memo.TryGet(group, out outcome, out error)))
            {
                if (context is null)
                {
                    context = scratch.Context;
                    context.Reset(request, entities);
                }

                outcome = representatives[c].EvaluateConditions(context);
                error = outcome is null ? EvaluationErrors.Take() : null;
                if (memo is not null && group != ConditionGroups.None)
                {
                    memo.Set(group, outcome, error);
                }
            }

            switch (outcome)
            {
                case true:
                    scratch.Satisfied(representatives[c].Effect == Effect.Permit ? scratch.Permits : scratch.Forbids, classes.Members(c));
                    break;
                case null:
                    scratch.Failed(classes.Members(c), error!);
                    break;
            }
        }

        context?.Clear();
        var errorList = scratch.ErrorList(policies);
        if (scratch.Forbids.Count > 0)
        {
            return new AuthorizationResponse(Decision.Deny, scratch.Ids(scratch.Forbids, policies), errorList);
        }

        if (scratch.Permits.Count > 0)
        {
            return new AuthorizationResponse(Decision.Allow, scratch.Ids(scratch.Permits, policies), errorList);
        }

        return new AuthorizationResponse(Decision.Deny, [], errorList);
    }

    /// <summary>Per-thread working space of one decision: policy indexes that were satisfied or failed.</summary>
    private sealed class Scratch
    {
        private readonly List<(int Policy, string Message)> _errors = [];
        private bool _unsorted;

        public List<int> Candidates { get; } = [];

        public List<int> Permits { get; } = [];

        public List<int> Forbids { get; } = [];

        public EvaluationContext Context { get; } = new();

        public void Clear()
        {
            Permits.Clear();
            Forbids.Clear();
            _errors.Clear();
            _unsorted = false;
        }

        public void Satisfied(List<int> into, ReadOnlySpan<int> members)
        {
            // Note: classes come in the order of their first member; one with several members can interleave with the next.
            _unsorted |= members.Length > 1;
            foreach (var m in members)
            {
                into.Add(m);
            }
        }

        public void Failed(ReadOnlySpan<int> members, string message)
        {
            _unsorted |= members.Length > 1;
            foreach (var m in members)
            {
                _errors.Add((m, message));
            }
        }

        /// <summary>The ids of the policies, in policy order.</summary>
        public string[] Ids(List<int> indexes, PolicySet policies)
        {
            if (_unsorted)
            {
                indexes.Sort();
            }

            var ids = new string[indexes.Count];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = policies[indexes[i]].Id;
            }

            return ids;
        }

        public IReadOnlyList<PolicyError> ErrorList(PolicySet policies)
        {
            if (_errors.Count == 0)
            {
                return [];
            }

            if (_unsorted)
            {
                _errors.Sort((a, b) => a.Policy.CompareTo(b.Policy));
            }

            var list = new PolicyError[_errors.Count];
            for (var i = 0; i < list.Length; i++)
            {
                list[i] = new PolicyError(policies[_errors[i].Policy].Id, _errors[i].Message);
            }

            return list;
        }
    }
}
