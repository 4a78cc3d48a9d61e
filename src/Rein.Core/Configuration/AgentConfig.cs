using System.Collections.ObjectModel;

namespace Rein.Core.Configuration;

/// <summary>An agent: a non-human client with an accountable owner, its credentials and its tool bindings.</summary>
public sealed record AgentConfig
{
    /// <summary>
    /// The agent id (yaml <c>id</c>), which is also its OAuth <c>client_id</c>: <c>[a-z0-9][a-z0-9-_.]{0,63}</c>,
    /// unique across agents and admins.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>Who answers for the agent (yaml <c>owner</c>), typically an e-mail address.</summary>
    public string? Owner { get; init; }

    /// <summary>What the agent is for (yaml <c>purpose</c>).</summary>
    public string? Purpose { get; init; }

    /// <summary>Where the agent runs (yaml <c>environment</c>), such as <c>prod</c>.</summary>
    public string? Environment { get; init; }

    /// <summary>
    /// How much harm the agent could do (yaml <c>risk</c>: <c>low</c>, <c>medium</c>, <c>high</c>, <c>critical</c>),
    /// for policies (<c>principal.risk</c>); optional.
    /// </summary>
    public RiskTier? Risk { get; init; }

    /// <summary>When the agent's access must next be reviewed (yaml <c>review_by</c>, <c>YYYY-MM-DD</c>).</summary>
    public DateOnly? ReviewBy { get; init; }

    /// <summary>Whether tokens must be DPoP-bound (yaml <c>require_dpop</c>, default true).</summary>
    public bool RequireDpop { get; init; } = true;

    /// <summary>How the agent authenticates (yaml <c>credentials</c>); at least one.</summary>
    public IReadOnlyList<CredentialConfig> Credentials { get; init; } = [];

    /// <summary>
    /// The agent's bindings (yaml <c>tools</c>): tool id → the names of that tool's actions the agent may request.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Tools { get; init; } =
        ReadOnlyDictionary<string, IReadOnlyList<string>>.Empty;

    /// <summary>
    /// The tools for which this agent may impersonate a person (yaml <c>impersonate</c>, tool ids): a token exchange
    /// without an <c>actor_token</c> then yields a token without <c>act</c>. Empty (the default): the agent always
    /// appears in the token's <c>act</c> chain.
    /// </summary>
    public IReadOnlyList<string> Impersonate { get; init; } = [];
}
