using System.Collections.Frozen;
using Rein.Core.Configuration;

namespace Rein.Core.Delegation;

/// <summary>
/// A delegation grant as the broker consults it: this person lets this agent use these actions on these tools, from
/// <see cref="From"/> until <see cref="Until"/>, optionally only with a human approval per action. Immutable.
/// </summary>
public sealed record DelegationGrant
{
    public required string Id { get; init; }
    public required string UserIssuer { get; init; }
    public required string UserSubject { get; init; }
    public required string Agent { get; init; }

    /// <summary>Tool id → the delegated actions of that tool.</summary>
    public required FrozenDictionary<string, FrozenSet<string>> Tools { get; init; }

    public DateTimeOffset? From { get; init; }
    public required DateTimeOffset Until { get; init; }
    public bool ApprovalRequired { get; init; }

    /// <summary>The approver names as declared; empty means the person themselves.</summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];

    public required GrantSource Source { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public string? CreatedBy { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public string? RevokedBy { get; init; }

    /// <summary>The person's revocation id, <c>ISS|SUB</c>.</summary>
    public string UserKey => DelegatedUser.Key(UserIssuer, UserSubject);

    /// <summary>Who may decide an approval under this grant: the declared approvers, or the person.</summary>
    public IReadOnlyList<string> EffectiveApprovers => Approvers.Count > 0 ? Approvers : [UserSubject];

    /// <summary>The grant's state at <paramref name="now"/>; <paramref name="revoked"/> comes from the revocation index.</summary>
    public GrantStatus StatusAt(DateTimeOffset now, bool revoked) =>
        revoked || RevokedAt is not null ? GrantStatus.Revoked
        : From is { } from && now < from ? GrantStatus.NotYetValid
        : now >= Until ? GrantStatus.Expired
        : GrantStatus.Active;

    /// <summary>The actions this grant delegates on <paramref name="toolId"/> (empty when it does not cover the tool).</summary>
    public IReadOnlySet<string> ActionsFor(string toolId) =>
        Tools.TryGetValue(toolId, out var actions) ? actions : FrozenSet<string>.Empty;

    /// <summary>The declaration in rein.yaml's vocabulary (for validation and the admin API).</summary>
    public GrantConfig ToConfig() => new()
    {
        Id = Id,
        UserIssuer = UserIssuer,
        UserSubject = UserSubject,
        Agent = Agent,
        Tools = Tools.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal),
        From = From,
        Until = Until,
        ApprovalRequired = ApprovalRequired,
        Approvers = Approvers,
    };

    public static DelegationGrant FromConfig(GrantConfig config, GrantSource source) => new()
    {
        Id = config.Id,
        UserIssuer = config.UserIssuer,
        UserSubject = config.UserSubject,
        Agent = config.Agent,
        Tools = config.Tools.ToFrozenDictionary(p => p.Key, p => p.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal),
        From = config.From,
        Until = config.Until,
        ApprovalRequired = config.ApprovalRequired,
        Approvers = config.Approvers,
        Source = source,
    };
}
