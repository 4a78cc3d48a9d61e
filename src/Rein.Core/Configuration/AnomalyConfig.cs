namespace Rein.Core.Configuration;

/// <summary>
/// The gateway's anomaly source (yaml <c>signals.anomalies</c>): what counts as a finding, and which findings
/// quarantine the agent at once. Every finding is audited and transmitted as a CAEP <c>risk-level-change</c>.
/// </summary>
public sealed record AnomalyConfig
{
    /// <summary>The thresholds Rein uses when <c>signals.anomalies</c> is absent.</summary>
    public static AnomalyConfig Default { get; } = new();

    /// <summary>Whether the gateway looks for anomalies at all (yaml <c>enabled</c>, default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>More calls than this by one agent in the window, across tools, is a burst (yaml <c>burst</c>).</summary>
    public RateLimitConfig Burst { get; init; } = new(600, TimeSpan.FromMinutes(1));

    /// <summary>More refusals for scope or policy than this in the window is a finding (yaml <c>denials</c>).</summary>
    public RateLimitConfig Denials { get; init; } = new(20, TimeSpan.FromMinutes(1));

    /// <summary>
    /// A valid token presented with a proof from another key, or a DPoP-bound token presented as a bearer token
    /// (yaml <c>token_reuse</c>, default true): the token left its holder.
    /// </summary>
    public bool TokenReuse { get; init; } = true;

    /// <summary>A token used from a second client address (yaml <c>new_address</c>, default true).</summary>
    public bool NewAddress { get; init; } = true;

    /// <summary>The findings that quarantine the agent automatically (yaml <c>quarantine</c>, default none).</summary>
    public IReadOnlyList<AnomalyKind> Quarantine { get; init; } = [];
}
