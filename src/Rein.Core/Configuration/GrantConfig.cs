using System.Collections.ObjectModel;

namespace Rein.Core.Configuration;

/// <summary>
/// A delegation grant (yaml <c>grants[]</c>): consent, as data, that one person lets one agent use some actions of some
/// tools for them, for a bounded time, optionally only with a human approval per action. Without a grant, token
/// exchange issues no token that acts for the person.
/// </summary>
public sealed record GrantConfig
{
    /// <summary>The grant id (yaml <c>id</c>), <c>[a-z0-9][a-z0-9-_.]{0,63}</c>, unique among grants; carried as <c>grant_id</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The person's issuer (yaml <c>user.issuer</c>): a <c>trust</c> entry of <c>kind: user</c>.</summary>
    public required string UserIssuer { get; init; }

    /// <summary>The person's subject at that issuer (yaml <c>user.subject</c>), the <c>sub</c> of their tokens.</summary>
    public required string UserSubject { get; init; }

    /// <summary>The agent the person delegates to (yaml <c>agent</c>), a declared agent id.</summary>
    public required string Agent { get; init; }

    /// <summary>What is delegated (yaml <c>tools</c>): tool id → the names of that tool's actions, as in agent bindings.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Tools { get; init; } =
        ReadOnlyDictionary<string, IReadOnlyList<string>>.Empty;

    /// <summary>When the grant starts (yaml <c>from</c>, RFC 3339); <see langword="null"/> means at once.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>When the grant ends (yaml <c>until</c>, RFC 3339). Required: delegation expires with the task.</summary>
    public DateTimeOffset Until { get; init; }

    /// <summary>Whether every action under this grant needs a human approval (yaml <c>approval: required</c>).</summary>
    public bool ApprovalRequired { get; init; }

    /// <summary>
    /// Who may approve (yaml <c>approvers</c>): names an approval is decided in, such as the person's subject or a
    /// group. Empty means the person themselves (<see cref="UserSubject"/>).
    /// </summary>
    public IReadOnlyList<string> Approvers { get; init; } = [];
}
