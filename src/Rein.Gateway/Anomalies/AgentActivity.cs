namespace Rein.Gateway.Anomalies;

/// <summary>
/// One agent's counters in the current fixed windows: calls (for bursts) and policy refusals (for denials). Updated
/// under a lock on the instance, so a normal request allocates nothing.
/// </summary>
internal sealed class AgentActivity
{
    public long CallWindowStart;
    public int Calls;
    public bool BurstReported;
    public long DenialWindowStart;
    public int Denials;
    public bool DenialsReported;
}
