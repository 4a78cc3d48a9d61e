namespace Rein.Core.Storage;

/// <summary>Run-time status of an agent declared in configuration (the declaration itself lives in rein.yaml).</summary>
public sealed class AgentStateEntity
{
    public required string AgentId { get; set; }
    public int Status { get; set; }
    public long ChangedAt { get; set; }
    public string? Reason { get; set; }
}
