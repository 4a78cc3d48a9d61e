using Rein.Policy.Evaluation;

namespace Rein.Policy;

/// <summary>
/// Cedar's authorization algorithm: default deny, a satisfied forbid overrides any permit, and a policy whose
/// evaluation errors is skipped and reported.
/// </summary>
public static class Authorizer
{
    [ThreadStatic]
    private static List<int>? t_candidates;

    /// <summary>Decides a request against a policy set and an entity store.</summary>
    public static AuthorizationResponse IsAuthorized(Request request, PolicySet policies, EntityStore entities)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(entities);

        // Note: the index yields exactly the policies whose scope matches; only their conditions are left to evaluate.
        var candidates = t_candidates ??= [];
        policies.Index.Candidates(request, entities, candidates);

        var groups = policies.ConditionGroups;
        var memo = groups.Count > 0 && candidates.Count > 1 ? ConditionMemo.Begin(groups.Count) : null;
        EvaluationContext? context = null;
        List<string>? permits = null;
        List<string>? forbids = null;
        List<PolicyError>? errors = null;
        foreach (var index in candidates)
        {
            var policy = policies[index];
            bool? outcome = true;
            string? error = null;
            if (policy.HasConditions)
            {
                var group = memo is null ? ConditionGroups.None : groups.Of(index);
                if (group == ConditionGroups.None || !memo!.TryGet(group, out outcome, out error))
                {
                    context ??= new EvaluationContext(request, entities);
                    outcome = policy.EvaluateConditions(context);
                    error = outcome is null ? EvaluationErrors.Take() : null;
                    if (group != ConditionGroups.None)
                    {
                        memo!.Set(group, outcome, error);
                    }
                }
            }

            switch (outcome)
            {
                case true:
                    if (policy.Effect == Effect.Permit)
                    {
                        (permits ??= []).Add(policy.Id);
                    }
                    else
                    {
                        (forbids ??= []).Add(policy.Id);
                    }

                    break;
                case null:
                    (errors ??= []).Add(new PolicyError(policy.Id, error!));
                    break;
            }
        }

        IReadOnlyList<PolicyError> errorList = errors is null ? [] : errors;
        if (forbids is not null)
        {
            return new AuthorizationResponse(Decision.Deny, forbids, errorList);
        }

        if (permits is not null)
        {
            return new AuthorizationResponse(Decision.Allow, permits, errorList);
        }

        return new AuthorizationResponse(Decision.Deny, [], errorList);
    }
}
