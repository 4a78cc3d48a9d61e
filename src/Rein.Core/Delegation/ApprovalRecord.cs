namespace Rein.Core.Delegation;

/// <summary>An approval request and its decision, as the broker and the admin API see it.</summary>
public sealed record ApprovalRecord
{
    public required string Id { get; init; }
    public required string Agent { get; init; }
    public required string UserIssuer { get; init; }
    public required string UserSubject { get; init; }
    public required string GrantId { get; init; }
    public required string Tool { get; init; }
    public required string Action { get; init; }

    /// <summary>The RFC 9396 <c>authorization_details</c> the agent described the action with (compact JSON), if any.</summary>
    public string? AuthorizationDetails { get; init; }

    public required IReadOnlyList<string> Approvers { get; init; }

    /// <summary>The status now: a pending or approved request past <see cref="ExpiresAt"/> reads as expired.</summary>
    public required ApprovalStatus Status { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? DecidedBy { get; init; }
    public string? Approver { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset? RedeemedAt { get; init; }
    public string? TokenId { get; init; }

    public string UserKey => DelegatedUser.Key(UserIssuer, UserSubject);
}
