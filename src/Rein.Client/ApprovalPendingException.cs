namespace Rein.Client;

/// <summary>
/// The exchange waits for a human to approve the action (RFC 8628-style <c>authorization_pending</c>): retry the same
/// request with <see cref="ApprovalId"/> after <see cref="Interval"/>, before <see cref="ExpiresIn"/> runs out.
/// </summary>
public sealed class ApprovalPendingException(string approvalId, TimeSpan expiresIn, TimeSpan interval, string? description)
    : ReinClientException(400, "authorization_pending", description)
{
    public string ApprovalId { get; } = approvalId;
    public TimeSpan ExpiresIn { get; } = expiresIn;
    public TimeSpan Interval { get; } = interval;
}
