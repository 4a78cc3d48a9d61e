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
        var (candidates, permits, forbids, errors) = (scratch.Candidates, scratch.Permits, scratch.Forbids, scratch.Errors);
        permits.Clear();
        forbids.Clear();
        errors.Clear();

        // Note: the index yields exactly the policies whose scope matches; only their conditions are left to evaluate.
        policies.Index.Candidates(request, entities, candidates);

        var groups = policies.ConditionGroups;
        var memo = groups.Count > 0 && candidates.Count > 1 ? ConditionMemo.Begin(groups.Count) : null;
        EvaluationContext? context = null;
        foreach (var index in candidates)
        {
            // Note: the group is read first, so a policy whose shared condition already failed costs two array reads.
            var group = groups.Of(index);
            bool? outcome = true;
            string? error = null;
            if (group != ConditionGroups.NoConditions && (memo is null || group == ConditionGroups.None || !memo.TryGet(group, out outcome, out error)))
            {
                if (context is null)
                {
                    context = scratch.Context;
                    context.Reset(request, entities);
                }

                outcome = policies[index].EvaluateConditions(context);
                error = outcome is null ? EvaluationErrors.Take() : null;
                if (memo is not null && group != ConditionGroups.None)
                {
                    memo.Set(group, outcome, error);
                }
            }

            switch (outcome)
            {
                case true:
                    var policy = policies[index];
                    (policy.Effect == Effect.Permit ? permits : forbids).Add(policy.Id);
                    break;
                case null:
                    errors.Add(new PolicyError(policies[index].Id, error!));
                    break;
            }
        }

        context?.Clear();
        IReadOnlyList<PolicyError> errorList = errors.Count == 0 ? [] : errors.ToArray();
        if (forbids.Count > 0)
        {
            return new AuthorizationResponse(Decision.Deny, forbids.ToArray(), errorList);
        }

        if (permits.Count > 0)
        {
            return new AuthorizationResponse(Decision.Allow, permits.ToArray(), errorList);
        }

        return new AuthorizationResponse(Decision.Deny, [], errorList);
    }

    /// <summary>Per-thread working space of one decision.</summary>
    private sealed class Scratch
    {
        public List<int> Candidates { get; } = [];

        public List<string> Permits { get; } = [];

        public List<string> Forbids { get; } = [];

        public List<PolicyError> Errors { get; } = [];

        public EvaluationContext Context { get; } = new();
    }
}
