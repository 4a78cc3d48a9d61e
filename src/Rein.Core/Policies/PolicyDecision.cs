namespace Rein.Core.Policies;

/// <summary>A policy decision with the policies that determined it and those that failed to evaluate.</summary>
public sealed record PolicyDecision(bool Allowed, IReadOnlyList<string> DeterminingPolicies, IReadOnlyList<string> ErroringPolicies)
{
    /// <summary>When no <c>policies:</c> are configured the token's scope is the whole decision.</summary>
    public static PolicyDecision NotConfigured { get; } = new(true, [], []);

    /// <summary>A short reason for audit records: which policies allowed, forbade, or that none permitted.</summary>
    public string Reason => DeterminingPolicies.Count > 0
        ? (Allowed ? "permitted by " : "forbidden by ") + string.Join(",", DeterminingPolicies)
        : Allowed ? "scope (no policies configured)" : "no policy permits";
}
