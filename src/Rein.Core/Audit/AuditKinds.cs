namespace Rein.Core.Audit;

/// <summary>The audit record kinds Rein writes.</summary>
public static class AuditKinds
{
    public const string TokenIssued = "token.issued";
    public const string GatewayRequest = "gateway.request";
    public const string AgentSuspended = "agent.suspended";
    public const string AgentQuarantined = "agent.quarantined";
    public const string AgentEnabled = "agent.enabled";
    public const string Revocation = "revocation";
    public const string KeyRotated = "key.rotated";

    /// <summary>The SSF transmitter addressed a security event to its streams.</summary>
    public const string SignalEmitted = "signal.emitted";

    /// <summary>A receiver refused a SET for good; it was dropped.</summary>
    public const string SignalRejected = "signal.rejected";

    /// <summary>The gateway's anomaly source found something.</summary>
    public const string Anomaly = "anomaly";
}
