namespace Rein.Core.Audit;

/// <summary>The audit record kinds Rein writes.</summary>
public static class AuditKinds
{
    public const string TokenIssued = "token.issued";
    public const string TransactionTokenIssued = "txn_token.issued";
    public const string GatewayRequest = "gateway.request";
    public const string AgentSuspended = "agent.suspended";
    public const string AgentQuarantined = "agent.quarantined";
    public const string AgentEnabled = "agent.enabled";
    public const string Revocation = "revocation";
    public const string KeyRotated = "key.rotated";
    public const string SignalReceived = "signal.received";
    public const string GrantCreated = "grant.created";
    public const string GrantRevoked = "grant.revoked";
    public const string ApprovalRequested = "approval.requested";
    public const string ApprovalApproved = "approval.approved";
    public const string ApprovalDenied = "approval.denied";
    public const string ApprovalExpired = "approval.expired";
    public const string ApprovalRedeemed = "approval.redeemed";

    /// <summary>The SSF transmitter addressed a security event to its streams.</summary>
    public const string SignalEmitted = "signal.emitted";

    /// <summary>A receiver refused a SET for good; it was dropped.</summary>
    public const string SignalRejected = "signal.rejected";

    /// <summary>The gateway's anomaly source found something.</summary>
    public const string Anomaly = "anomaly";
}
