namespace Rein.Core.Delegation;

/// <summary>What an approve or deny call did.</summary>
public enum ApprovalDecisionOutcome
{
    Decided,
    NotFound,

    /// <summary>The request was already decided, redeemed or expired.</summary>
    NotPending,

    /// <summary>The named approver is not among the request's approvers.</summary>
    NotAnApprover,
}
