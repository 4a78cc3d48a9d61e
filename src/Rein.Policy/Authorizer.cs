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

        var candidates = t_candidates ??= [];
        policies.Index.Candidates(request, entities, candidates);

        EvaluationContext? context = null;
        List<string>? permits = null;
        List<string>? forbids = null;
        List<PolicyError>? errors = null;
        var all = policies.Policies;
        foreach (var index in candidates)
        {
            var policy = all[index];
            if (!policy.MatchesScope(request, entities))
            {
                continue;
            }

            context ??= new EvaluationContext(request, entities);
            switch (policy.EvaluateConditions(context))
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
                    (errors ??= []).Add(new PolicyError(policy.Id, EvaluationErrors.Take()));
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
