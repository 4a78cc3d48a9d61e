namespace Rein.Core.Delegation;

/// <summary>Where an approval request stands. Values are persisted: never renumber.</summary>
public enum ApprovalStatus
{
    /// <summary>Waiting for an approver; the agent polls with the approval id.</summary>
    Pending = 0,

    /// <summary>Approved; the agent's next retry gets the token.</summary>
    Approved = 1,

    Denied = 2,

    /// <summary>Approved and used: one token was issued for it. An approval is good for one token.</summary>
    Redeemed = 3,

    /// <summary>Nobody decided in time, or the approved request was not redeemed in time.</summary>
    Expired = 4,
}
