using Microsoft.EntityFrameworkCore;
using Rein.Core.Revocation;
using Rein.Core.Storage;

namespace Rein.Core.Registry;

/// <summary>
/// Suspends and re-enables agents. The revocation index is what enforces (a suspended agent gets no token and every
/// token it holds is refused); the state row records why, for people.
/// </summary>
public sealed class AgentControl(ReinRegistry registry, IDbContextFactory<ReinDbContext> dbFactory, RevocationService revocations,
    RevocationIndex index, Audit.AuditLog audit, TimeProvider time, Events.ReinEventHub? events = null)
{
    public async Task<AgentView?> GetAsync(string agentId, CancellationToken cancellationToken)
    {
        var agent = registry.Current.Config.Agents.FirstOrDefault(a => a.Id == agentId);
        if (agent is null) return null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var state = await db.AgentStates.AsNoTracking().FirstOrDefaultAsync(s => s.AgentId == agentId, cancellationToken).ConfigureAwait(false);
        return View(agent, state);
    }

    public async Task<IReadOnlyList<AgentView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var states = await db.AgentStates.AsNoTracking().ToDictionaryAsync(s => s.AgentId, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        return registry.Current.Config.Agents.Select(a => View(a, states.GetValueOrDefault(a.Id))).ToList();
    }

    /// <summary>Suspends (or, for the kill switch, quarantines) an agent: effective when this returns.</summary>
    public async Task<AgentView?> SuspendAsync(string agentId, AgentStatus status, string? reason, string? actor, CancellationToken cancellationToken)
    {
        if (status == AgentStatus.Active) throw new ArgumentOutOfRangeException(nameof(status));
        if (!registry.Current.Clients.ContainsKey(agentId)) return null;
        await revocations.SuspendAsync(new SubjectKey(SubjectKind.Agent, agentId), reason, cancellationToken).ConfigureAwait(false);
        await SaveStateAsync(agentId, status, reason, cancellationToken).ConfigureAwait(false);
        Record(status == AgentStatus.Quarantined ? Audit.AuditKinds.AgentQuarantined : Audit.AuditKinds.AgentSuspended, agentId, reason, actor);
        await AnnounceAsync(agentId, status, reason, actor, cancellationToken).ConfigureAwait(false);
        return await GetAsync(agentId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lifts a suspension; the agent's old tokens stay dead.</summary>
    public async Task<AgentView?> EnableAsync(string agentId, string? reason, string? actor, CancellationToken cancellationToken)
    {
        if (!registry.Current.Clients.ContainsKey(agentId)) return null;
        await revocations.LiftAsync(new SubjectKey(SubjectKind.Agent, agentId), reason, cancellationToken).ConfigureAwait(false);
        await SaveStateAsync(agentId, AgentStatus.Active, reason, cancellationToken).ConfigureAwait(false);
        Record(Audit.AuditKinds.AgentEnabled, agentId, reason, actor);
        await AnnounceAsync(agentId, AgentStatus.Active, reason, actor, cancellationToken).ConfigureAwait(false);
        return await GetAsync(agentId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tells listeners (the SSF transmitter) after the change is in force.</summary>
    private ValueTask AnnounceAsync(string agentId, AgentStatus status, string? reason, string? actor, CancellationToken cancellationToken) =>
        events is { HasSubscribers: true }
            ? events.PublishAsync(new Events.AgentStatusChanged { AgentId = agentId, Status = status, Reason = reason, Actor = actor, Time = time.GetUtcNow() }, cancellationToken)
            : ValueTask.CompletedTask;

    private void Record(string kind, string agentId, string? reason, string? actor) =>
        audit.Write(new Audit.AuditEvent { Kind = kind, Time = time.GetUtcNow(), Agent = agentId, Reason = reason, Actor = actor });

    private async Task SaveStateAsync(string agentId, AgentStatus status, string? reason, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.AgentStates.FindAsync([agentId], cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = new AgentStateEntity { AgentId = agentId };
            db.AgentStates.Add(row);
        }
        row.Status = (int)status;
        row.Reason = reason is { Length: > 512 } ? reason[..512] : reason;
        row.ChangedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private AgentView View(Configuration.AgentConfig agent, AgentStateEntity? state)
    {
        // The index is the truth for enforcement; a state row without a live suspension is history.
        var suspended = index.IsSuspended(SubjectKind.Agent, agent.Id);
        var status = suspended ? (AgentStatus)(state?.Status is 1 or 2 ? state.Status : 1) : AgentStatus.Active;
        var pastReview = agent.ReviewBy is { } by && DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime) > by;
        return new AgentView(agent, status, state?.Reason,
            state is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(state.ChangedAt), pastReview);
    }
}
