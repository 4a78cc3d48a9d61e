namespace Rein.Core.Storage;

/// <summary>A request for a human approval of one delegated action, and its decision. Times are Unix ms.</summary>
public sealed class ApprovalEntity
{
    public required string Id { get; set; }
    public required string AgentId { get; set; }
    public required string UserIssuer { get; set; }
    public required string UserSubject { get; set; }
    public required string GrantId { get; set; }
    public required string ToolId { get; set; }
    public required string Action { get; set; }

    /// <summary>The RFC 9396 <c>authorization_details</c> the agent described the action with, as compact JSON.</summary>
    public string? AuthorizationDetails { get; set; }

    /// <summary>Who may decide, as a JSON array of names.</summary>
    public required string Approvers { get; set; }

    public int Status { get; set; }
    public long CreatedAt { get; set; }

    /// <summary>Pending: when the request lapses. Approved: by when the agent must redeem it.</summary>
    public long ExpiresAt { get; set; }

    public long? DecidedAt { get; set; }

    /// <summary>The admin client that recorded the decision.</summary>
    public string? DecidedBy { get; set; }

    /// <summary>The approver's name, one of <see cref="Approvers"/>.</summary>
    public string? Approver { get; set; }

    public string? Reason { get; set; }
    public long? RedeemedAt { get; set; }

    /// <summary>The <c>jti</c> of the elevation token issued for this approval.</summary>
    public string? TokenId { get; set; }
}
