namespace Rein.Core.Revocation;

/// <summary>Token lifetime bounds shared by the broker (issuing) and the index (forgetting).</summary>
public static class TokenLifetimes
{
    /// <summary>No token Rein issues lives longer than this (the low-risk cap, DESIGN §3).</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(15);

    /// <summary>Slack for clocks: an entry outlives the tokens it can match by this much.</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);
}
