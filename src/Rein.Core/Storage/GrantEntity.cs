namespace Rein.Core.Storage;

/// <summary>A delegation grant created at run time (grants declared in rein.yaml are not stored). Times are Unix ms.</summary>
public sealed class GrantEntity
{
    public required string Id { get; set; }
    public required string UserIssuer { get; set; }
    public required string UserSubject { get; set; }
    public required string AgentId { get; set; }

    /// <summary>Tool id → action names, as JSON (<c>{"tickets":["tickets.read"]}</c>).</summary>
    public required string Tools { get; set; }

    public long? From { get; set; }
    public long Until { get; set; }
    public bool ApprovalRequired { get; set; }

    /// <summary>Approver names as a JSON array; null for "the user".</summary>
    public string? Approvers { get; set; }

    public long CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public long? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
    public string? Reason { get; set; }

    /// <summary>The last change (creation or revocation): lets other instances catch up on what they missed.</summary>
    public long ChangedAt { get; set; }
}
