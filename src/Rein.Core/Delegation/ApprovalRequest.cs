namespace Rein.Core.Delegation;

/// <summary>What an agent asks a human to approve: one action on one tool, for one person, under one grant.</summary>
public sealed record ApprovalRequest(
    string Agent,
    string UserIssuer,
    string UserSubject,
    string GrantId,
    string Tool,
    string Action,
    string? AuthorizationDetails,
    IReadOnlyList<string> Approvers)
{
    /// <summary>Whether <paramref name="record"/> is an approval of exactly this request.</summary>
    public bool Matches(ApprovalRecord record) =>
        record.Agent == Agent && record.UserIssuer == UserIssuer && record.UserSubject == UserSubject &&
        record.GrantId == GrantId && record.Tool == Tool && record.Action == Action &&
        record.AuthorizationDetails == AuthorizationDetails;
}
