using Rein.Core.Delegation;
using Rein.Core.Revocation;

namespace Rein.Broker.Delegation;

/// <summary>
/// Chooses the grant a token exchange is issued under: among this person's grants to this agent that are in effect
/// and cover the tool, the one that delegates most of the requested actions (then: no approval needed, the later
/// end, the smaller id). When none is usable, says why, as an <c>invalid_grant</c> description.
/// </summary>
internal static class GrantSelection
{
    public static (DelegationGrant? Grant, string? Error) Select(IReadOnlyList<DelegationGrant> grants, string toolId,
        IReadOnlyCollection<string> requested, DateTimeOffset now, RevocationIndex revocations)
    {
        if (grants.Count == 0) return (null, "no delegation grant lets this agent act for this person");

        DelegationGrant? best = null;
        var bestCover = -1;
        var coversTool = false;
        var anyRevoked = false;
        var anyExpired = false;
        foreach (var grant in grants)
        {
            var actions = grant.ActionsFor(toolId);
            if (actions.Count == 0) continue;
            coversTool = true;
            switch (grant.StatusAt(now, revocations.IsSuspended(SubjectKind.Grant, grant.Id)))
            {
                case GrantStatus.Revoked:
                    anyRevoked = true;
                    continue;
                case GrantStatus.Expired:
                    anyExpired = true;
                    continue;
                case GrantStatus.NotYetValid:
                    continue;
            }
            var cover = requested.Count(actions.Contains);
            if (best is null || cover > bestCover || (cover == bestCover && Preferred(grant, best)))
            {
                best = grant;
                bestCover = cover;
            }
        }

        if (best is not null) return (best, null);
        if (!coversTool) return (null, "no delegation grant of this person lets this agent use this tool");
        if (anyRevoked) return (null, "the delegation grant has been revoked");
        if (anyExpired) return (null, "the delegation grant has expired");
        return (null, "the delegation grant is not in effect yet");
    }

    private static bool Preferred(DelegationGrant candidate, DelegationGrant current)
    {
        if (candidate.ApprovalRequired != current.ApprovalRequired) return !candidate.ApprovalRequired;
        if (candidate.Until != current.Until) return candidate.Until > current.Until;
        return string.CompareOrdinal(candidate.Id, current.Id) < 0;
    }
}
