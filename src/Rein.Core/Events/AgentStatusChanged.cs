using Rein.Core.Registry;

namespace Rein.Core.Events;

/// <summary>An agent was suspended, quarantined (the kill switch) or enabled again.</summary>
public sealed record AgentStatusChanged : ReinEvent
{
    public required string AgentId { get; init; }
    public required AgentStatus Status { get; init; }
}
