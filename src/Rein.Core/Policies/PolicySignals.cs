using Rein.Core.Revocation;

namespace Rein.Core.Policies;

/// <summary>
/// What signals (restriction entries in the revocation index) say about the subjects of a decision that has no token
/// yet: at issuance, the agent (as agent and as client) and, for a delegated token, the person. The gateway reads the
/// same entries per call over the token's subjects (<see cref="Tokens.AccessTokenValidator.RestrictionsOf"/>).
/// </summary>
public static class PolicySignals
{
    /// <summary>The restrictions on the agent and, when given, the person (<c>DelegatedUser.Key</c>); in memory only.</summary>
    public static TokenRestrictions Of(RevocationIndex index, string agentId, string? userKey = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        var restrictions = default(TokenRestrictions);
        if (index.Count == 0) return restrictions;
        restrictions = index.Restrict(restrictions, SubjectKind.Agent, agentId);
        restrictions = index.Restrict(restrictions, SubjectKind.Client, agentId);
        if (userKey is not null) restrictions = index.Restrict(restrictions, SubjectKind.User, userKey);
        return restrictions;
    }
}
