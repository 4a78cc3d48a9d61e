namespace Rein.Core.Configuration;

/// <summary>
/// A gateway rate limit per agent for one tool (yaml <c>rate_limit: { requests: 100, per: 1m }</c>): at most
/// <see cref="Requests"/> calls per <see cref="Per"/>, as a token bucket.
/// </summary>
public sealed record RateLimitConfig(int Requests, TimeSpan Per);
