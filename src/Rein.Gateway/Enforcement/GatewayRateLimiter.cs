using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Rein.Gateway.Routing;

namespace Rein.Gateway.Enforcement;

/// <summary>
/// Per agent, per tool token buckets (ASP.NET Core's <see cref="TokenBucketRateLimiter"/>), sized from the tool's
/// <c>rate_limit</c>. A tool without one is not limited here.
/// </summary>
internal sealed class GatewayRateLimiter : IDisposable
{
    private readonly ConcurrentDictionary<(string Agent, string Tool, int Limit, long WindowTicks), TokenBucketRateLimiter> _buckets = new();

    public bool TryAcquire(string agent, GatewayTool tool, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (tool.RateLimit is not { } limit) return true;
        var bucket = _buckets.GetOrAdd((agent, tool.Config.Id, limit.Requests, limit.Window.Ticks), static key => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = key.Limit,
            TokensPerPeriod = key.Limit,
            ReplenishmentPeriod = TimeSpan.FromTicks(key.WindowTicks),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        using var lease = bucket.AttemptAcquire(1);
        if (lease.IsAcquired) return true;
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : limit.Window;
        return false;
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values) bucket.Dispose();
    }
}
