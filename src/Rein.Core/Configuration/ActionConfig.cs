namespace Rein.Core.Configuration;

/// <summary>
/// One operation of a tool, matched by HTTP method and path; its name is the OAuth scope that grants it.
/// Declared in yaml as <c>{ name: tickets.read, match: "GET /tickets/{id}", risk: low }</c>.
/// </summary>
public sealed record ActionConfig
{
    /// <summary>The action name and scope (yaml <c>name</c>), characters <c>[A-Za-z0-9._:-]</c>, unique across all tools.</summary>
    public required string Name { get; init; }

    /// <summary>The upper-case HTTP method from <c>match</c>: GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS.</summary>
    public required string Method { get; init; }

    /// <summary>
    /// The path template from <c>match</c>, such as <c>/tickets/{id}</c>: starts with <c>/</c>; a segment is a literal or
    /// a whole <c>{name}</c> parameter; the last segment may be a <c>{*rest}</c> catch-all.
    /// </summary>
    public required string PathTemplate { get; init; }

    /// <summary>The action's own risk tier (yaml <c>risk</c>); <see langword="null"/> means the tool's tier.</summary>
    public RiskTier? Risk { get; init; }

    /// <summary>
    /// Whether a token for this action needs a human approval (yaml <c>approval: required</c> or <c>none</c>);
    /// <see langword="null"/> means the tool's setting.
    /// </summary>
    public bool? ApprovalRequired { get; init; }
}
