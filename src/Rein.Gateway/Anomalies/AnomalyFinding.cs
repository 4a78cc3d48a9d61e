using Rein.Core.Configuration;

namespace Rein.Gateway.Anomalies;

/// <summary>One thing the detector found, on its way to the audit trail, the SSF transmitter and (maybe) the kill switch.</summary>
internal sealed record AnomalyFinding(string AgentId, AnomalyKind Kind, string Detail, string? TokenId, string? SessionId, DateTimeOffset Time);
