using Rein.Core.Configuration;

namespace Rein.Core.Events;

/// <summary>The gateway found an agent behaving unlike itself.</summary>
public sealed record AnomalyDetected : ReinEvent
{
    public required string AgentId { get; init; }
    public required AnomalyKind Kind { get; init; }

    /// <summary>The agent's assessed risk after the finding: CAEP's LOW, MEDIUM or HIGH.</summary>
    public required string RiskLevel { get; init; }

    /// <summary>The risk level before the finding, when Rein had assessed one.</summary>
    public string? PreviousRiskLevel { get; init; }

    /// <summary>The token involved (<c>jti</c>), when the finding is about one token.</summary>
    public string? TokenId { get; init; }

    /// <summary>The agent session involved (<c>sid</c>).</summary>
    public string? SessionId { get; init; }
}
