namespace Rein.Core.Configuration;

/// <summary>A tool: an upstream API that agents reach through the gateway with a token for its audience.</summary>
public sealed record ToolConfig
{
    /// <summary>The tool id (yaml <c>id</c>), <c>[a-z0-9][a-z0-9-_.]{0,63}</c>, unique among tools.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// The audience tokens for this tool carry, and the RFC 8707 <c>resource</c> that requests them (yaml
    /// <c>audience</c>): an absolute URI without fragment, unique among tools.
    /// </summary>
    public required string Audience { get; init; }

    /// <summary>Where the gateway forwards calls (yaml <c>upstream</c>): an absolute http(s) URL.</summary>
    public string? Upstream { get; init; }

    /// <summary>The tool's risk tier (yaml <c>risk</c>); <see cref="RiskTier.Medium"/> when omitted.</summary>
    public RiskTier Risk { get; init; } = RiskTier.Medium;

    /// <summary>The actions (scopes) the tool exposes (yaml <c>actions</c>); at least one.</summary>
    public IReadOnlyList<ActionConfig> Actions { get; init; } = [];

    /// <summary>The JWS algorithm of access tokens for this tool (yaml <c>signing_alg</c>): ES256 or RS256.</summary>
    public string SigningAlgorithm { get; init; } = "ES256";

    /// <summary>
    /// Whether the gateway accepts unbound bearer tokens for this tool (yaml <c>allow_bearer</c>, default false).
    /// Never allowed on high or critical risk tools or tools with high or critical risk actions.
    /// </summary>
    public bool AllowBearer { get; init; }

    /// <summary>
    /// Whether the gateway mints a transaction token for every call it forwards to this tool and sends it upstream in
    /// <c>Txn-Token</c> (yaml <c>transaction_token</c>, default true). False is for an upstream that does not read
    /// one: it saves an ES256 signature per call. Never false on high or critical risk tools or tools with high or
    /// critical risk actions.
    /// </summary>
    public bool TransactionToken { get; init; } = true;

    /// <summary>Calls per agent the gateway lets through to this tool (yaml <c>rate_limit</c>), or null for no limit.</summary>
    public RateLimitConfig? RateLimit { get; init; }

    /// <summary>
    /// Whether every action of the tool needs a human approval before a token for it is issued (yaml
    /// <c>approval: required</c>; default <c>none</c>). An action can override it with its own <c>approval</c>.
    /// </summary>
    public bool ApprovalRequired { get; init; }

    /// <summary>Whether <paramref name="action"/> needs a human approval: its own <c>approval</c>, else the tool's.</summary>
    public bool RequiresApproval(ActionConfig action) => action.ApprovalRequired ?? ApprovalRequired;
}
