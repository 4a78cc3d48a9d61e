namespace Rein.Policy;

/// <summary>
/// The answer to a request: the decision, the ids of the policies that determined it (the satisfied forbids for a deny
/// caused by a forbid, the satisfied permits for an allow, none for a default deny) and the ids of policies whose
/// evaluation failed (those are skipped).
/// </summary>
public sealed class AuthorizationResponse
{
    internal AuthorizationResponse(Decision decision, IReadOnlyList<string> reason, IReadOnlyList<PolicyError> errors)
    {
        Decision = decision;
        Reason = reason;
        Errors = errors;
    }

    /// <summary>Allow or deny.</summary>
    public Decision Decision { get; }

    /// <summary>True when the decision is <see cref="Decision.Allow"/>.</summary>
    public bool IsAllowed => Decision == Decision.Allow;

    /// <summary>Ids of the policies that determined the decision.</summary>
    public IReadOnlyList<string> Reason { get; }

    /// <summary>Policies whose evaluation failed, with what went wrong.</summary>
    public IReadOnlyList<PolicyError> Errors { get; }
}
