using Rein.Core.Configuration;

namespace Rein.Core.Registry;

/// <summary>An agent as the admin API shows it: its declaration plus its run-time status.</summary>
public sealed record AgentView(AgentConfig Declaration, AgentStatus Status, string? StatusReason, DateTimeOffset? StatusChangedAt, bool PastReview);
