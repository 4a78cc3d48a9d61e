using System.Collections.Concurrent;
using System.Net;
using Rein.Core.Configuration;
using Rein.Core.Registry;
using Rein.Core.Tokens;

namespace Rein.Gateway.Anomalies;

/// <summary>
/// The gateway's anomaly source, on the request path: per-agent call and refusal counters in fixed windows, and per
/// token the first client address. A normal request does two dictionary lookups and a few integer updates under a
/// small lock — no store, no allocation; only a new agent or a new token allocates its entry. Findings go to
/// <see cref="AnomalyReporter"/>, which does everything slow off the request path.
/// </summary>
internal sealed class AnomalyDetector(ReinRegistry registry, AnomalyReporter reporter, TimeProvider time)
{
    /// <summary>Tokens tracked at once; past it new tokens are not tracked for address changes (detection degrades, enforcement does not).</summary>
    public const int MaxTrackedTokens = 200_000;

    private readonly ConcurrentDictionary<string, AgentActivity> _agents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenUse> _tokens = new(StringComparer.Ordinal);

    public int TrackedTokens => _tokens.Count;

    /// <summary>Counts a call by a validated token: bursts, refusals by scope or policy, a second client address.</summary>
    public void Observe(AccessToken token, bool deniedByPolicy, IPAddress? address)
    {
        var config = registry.Current.Config.Signals.Anomalies;
        if (!config.Enabled) return;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var agentId = token.ClientId;
        var activity = _agents.GetOrAdd(agentId, static _ => new AgentActivity());
        bool burst, denials;
        lock (activity)
        {
            burst = Count(ref activity.CallWindowStart, ref activity.Calls, ref activity.BurstReported, config.Burst, now);
            denials = deniedByPolicy && Count(ref activity.DenialWindowStart, ref activity.Denials, ref activity.DenialsReported, config.Denials, now);
        }
        if (burst) Report(token, AnomalyKind.Burst, $"more than {config.Burst.Requests} calls in {Describe(config.Burst.Per)}");
        if (denials) Report(token, AnomalyKind.Denials, $"more than {config.Denials.Requests} calls refused for scope or policy in {Describe(config.Denials.Per)}");

        if (config.NewAddress && address is not null) CheckAddress(token, address, now);
    }

    /// <summary>A genuine token presented without its key: with another key's proof, or as a bearer token.</summary>
    public void TokenMisused(AccessToken token, string? error)
    {
        var config = registry.Current.Config.Signals.Anomalies;
        if (!config.Enabled || !config.TokenReuse) return;
        var use = Track(token, null, time.GetUtcNow().ToUnixTimeMilliseconds());
        if (use is not null && Interlocked.Exchange(ref use.MisuseReported, 1) == 1) return;
        Report(token, AnomalyKind.TokenReuse, error == "invalid_dpop_proof"
            ? "a token was presented with a proof from a key it is not bound to"
            : "a DPoP-bound token was presented as a bearer token");
    }

    /// <summary>Forgets tokens that have expired (the reporter calls this periodically).</summary>
    public int Sweep()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var removed = 0;
        foreach (var pair in _tokens)
        {
            if (pair.Value.ExpiresAt <= now && _tokens.TryRemove(pair)) removed++;
        }
        return removed;
    }

    private void CheckAddress(AccessToken token, IPAddress address, long now)
    {
        var use = Track(token, address, now);
        if (use?.FirstAddress is null || use.FirstAddress.Equals(address)) return;
        if (Interlocked.Exchange(ref use.NewAddressReported, 1) == 1) return;
        Report(token, AnomalyKind.NewAddress, "a token was used from a second client address");
    }

    private TokenUse? Track(AccessToken token, IPAddress? address, long now)
    {
        if (_tokens.TryGetValue(token.JwtId, out var use)) return use;
        if (_tokens.Count >= MaxTrackedTokens) return null;
        return _tokens.GetOrAdd(token.JwtId, static (_, state) => new TokenUse(state.address, state.expires), (address, expires: token.ExpiresAt * 1000));
    }

    /// <summary>Counts one event in a fixed window; true exactly once per window, when the count first exceeds the limit.</summary>
    private static bool Count(ref long windowStart, ref int count, ref bool reported, RateLimitConfig limit, long now)
    {
        if (now - windowStart >= (long)limit.Per.TotalMilliseconds)
        {
            windowStart = now;
            count = 0;
            reported = false;
        }
        count++;
        if (count <= limit.Requests || reported) return false;
        reported = true;
        return true;
    }

    private void Report(AccessToken token, AnomalyKind kind, string detail) =>
        reporter.Enqueue(new AnomalyFinding(token.ClientId, kind, detail, token.JwtId, token.SessionId, time.GetUtcNow()));

    private static string Describe(TimeSpan window) =>
        window.TotalSeconds < 60 ? $"{window.TotalSeconds:0}s" : window.TotalMinutes < 60 ? $"{window.TotalMinutes:0}m" : $"{window.TotalHours:0}h";
}
