namespace Rein.Core.Delegation;

/// <summary>How long approvals live, and how much an agent may ask for at once.</summary>
public static class ApprovalLimits
{
    /// <summary>A request nobody decides within this time lapses; the agent must ask again.</summary>
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(10);

    /// <summary>An approved request must be redeemed (the token fetched) within this time.</summary>
    public static readonly TimeSpan RedeemWindow = TimeSpan.FromMinutes(5);

    /// <summary>The longest life of an elevation token (a token issued for one approved action).</summary>
    public static readonly TimeSpan ElevationTokenLifetime = TimeSpan.FromMinutes(2);

    /// <summary>How often (seconds) an agent should retry while a request is pending (RFC 8628 <c>interval</c>).</summary>
    public const int PollIntervalSeconds = 5;

    /// <summary>Pending requests one agent may have at once; more is refused so nobody floods the approvers.</summary>
    public const int MaxPendingPerAgent = 50;
}
