namespace Rein.Core.Registry;

/// <summary>An agent's run-time status. Values are persisted: never renumber.</summary>
public enum AgentStatus
{
    Active = 0,
    Suspended = 1,
    Quarantined = 2,
}
