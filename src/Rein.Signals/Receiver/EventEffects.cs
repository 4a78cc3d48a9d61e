using System.Text.Json;
using Rein.Core.Audit;
using Rein.Core.Events;
using Rein.Core.Registry;
using Rein.Core.Revocation;
using Rein.Core.Storage;
using Rein.Signals.Events;

namespace Rein.Signals.Receiver;

/// <summary>
/// Turns one validated event into revocation writes, following the transmitter's action table, in three steps: the
/// plan (<see cref="Decide"/>, memory only), the writes staged into the receiver's one store transaction
/// (<see cref="StageAsync"/>), and, once that is committed, the bus and what follows (<see cref="CompleteAsync"/>).
/// A plan that only tightens is applied to this instance's index before the commit (<see cref="TightenLocally"/>).
/// </summary>
internal sealed class EventEffects(RevocationService revocations, RevocationIndex index, AuditLog audit, TimeProvider time, ReinEventHub? events = null)
{
    /// <summary>What an event will do: its action, the writes, and whether they contain (revoke, suspend, restrict).</summary>
    public sealed class Plan
    {
        public required SignalAction Action { get; init; }

        /// <summary>What happened, for the audit record, when nothing is written.</summary>
        public required string Summary { get; init; }

        /// <summary>Whether the writes only tighten access: what time to contain measures, and what may be applied early.</summary>
        public bool Contains { get; init; }

        /// <summary>Whether the writes lift something (a suspension, a restriction).</summary>
        public bool Lifts { get; init; }

        public IReadOnlyList<RevocationWrite> Writes { get; init; } = [];

        public string Reason { get; init; } = "";

        public static Plan Nothing(SignalAction action, string summary) => new() { Action = action, Summary = summary };
    }

    public Plan Decide(Transmitter transmitter, ReceivedSet set, IReadOnlyList<SubjectKey> keys, DateTimeOffset receivedAt)
    {
        var action = transmitter.Actions.For(set.EventType);
        var reason = $"{EventActionTable.ShortName(set.EventType)} from transmitter {transmitter.Id}";
        if (keys.Count == 0) return Plan.Nothing(action, "no subject Rein knows");
        if (action == SignalAction.Log) return Plan.Nothing(action, "logged");

        switch (set.EventType)
        {
            case SecurityEventTypes.AccountEnabled when action == SignalAction.Lift:
                // Note: only what this instance's index holds as a suspension is lifted (an admin's own revocations stay).
                var suspended = keys.Where(k => index.TryGet(k, out var entry) && entry.IsSuspension).ToList();
                return suspended.Count == 0
                    ? Plan.Nothing(action, "nothing suspended")
                    : new Plan { Action = action, Summary = "", Lifts = true, Reason = reason, Writes = suspended.Select(k => RevocationWrite.Lift(k, reason)).ToList() };
            case SecurityEventTypes.AssuranceLevelChange:
                return Direction(set.Event, "change_direction") switch
                {
                    "decrease" => Tighten(action, keys, set, receivedAt, reason),
                    "increase" => LiftRestriction(action, keys, RevocationEffect.StepUp, reason),
                    _ => Plan.Nothing(SignalAction.Log, "no change direction: logged"),
                };
            case SecurityEventTypes.DeviceComplianceChange:
                return Direction(set.Event, "current_status") == "not-compliant"
                    ? Tighten(action, keys, set, receivedAt, reason)
                    : LiftRestriction(action, keys, RevocationEffect.DeviceNotCompliant, reason);
            case SecurityEventTypes.RiskLevelChange:
                return string.Equals(Direction(set.Event, "current_level"), "HIGH", StringComparison.OrdinalIgnoreCase)
                    ? Tighten(action, keys, set, receivedAt, reason)
                    : LiftRestriction(action, keys, RevocationEffect.HighRisk, reason);
            default:
                return Tighten(action, keys, set, receivedAt, reason);
        }
    }

    /// <summary>
    /// Applies a containing plan to this instance's index before anything is stored (every write must only tighten;
    /// see <see cref="RevocationService.TryTightenLocally"/>). Returns whether the index now holds all of it.
    /// </summary>
    public bool TightenLocally(Plan plan)
    {
        if (!plan.Contains || plan.Lifts) return false;
        var all = true;
        foreach (var write in plan.Writes) all &= revocations.TryTightenLocally(write);
        return all;
    }

    /// <summary>Stages the plan's revocation entries, and the state rows of agents whose suspension starts or ends, in <paramref name="db"/>.</summary>
    public async Task<IReadOnlyList<StagedRevocation>> StageAsync(ReinDbContext db, Plan plan, CancellationToken cancellationToken)
    {
        if (plan.Writes.Count == 0) return [];
        var staged = await revocations.StageAsync(db, plan.Writes, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (agentId, status) in AgentChanges(staged))
        {
            var row = await db.AgentStates.FindAsync([agentId], cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                row = new AgentStateEntity { AgentId = agentId };
                db.AgentStates.Add(row);
            }
            row.Status = (int)status;
            row.Reason = plan.Reason.Length > 512 ? plan.Reason[..512] : plan.Reason;
            row.ChangedAt = now;
        }
        return staged;
    }

    /// <summary>
    /// After the commit: publishes the entries on the bus (every gateway), then records and announces agents whose
    /// status changed (the transmitter tells its receivers; <paramref name="transaction"/> correlates those SETs with
    /// the received one). Returns the summary for the audit record.
    /// </summary>
    public async Task<string> CompleteAsync(Transmitter transmitter, Plan plan, IReadOnlyList<StagedRevocation> committed, string? transaction, CancellationToken cancellationToken)
    {
        if (plan.Writes.Count == 0) return plan.Summary;
        await revocations.PublishAsync(committed, cancellationToken).ConfigureAwait(false);
        foreach (var (agentId, status) in AgentChanges(committed))
        {
            var at = time.GetUtcNow();
            audit.Write(new AuditEvent
            {
                Kind = status == AgentStatus.Active ? AuditKinds.AgentEnabled : AuditKinds.AgentSuspended,
                Time = at, Agent = agentId, Reason = plan.Reason, Actor = "ssf:" + transmitter.Id,
            });
            if (events is { HasSubscribers: true })
            {
                // Note: Actor stays null — Rein acted on a received signal, not an admin (initiating_entity "system").
                await events.PublishAsync(new AgentStatusChanged
                {
                    AgentId = agentId, Status = status, Reason = plan.Reason, Time = at, Transaction = transaction,
                }, cancellationToken).ConfigureAwait(false);
            }
        }

        var keys = plan.Writes.Select(w => w.Subject).ToList();
        if (plan.Lifts)
        {
            var lifted = committed.Where(c => c.Previous is { } p && (p.IsSuspension || p.IsRestriction) && !c.Entry.Suspended).Select(c => c.Subject).ToList();
            var noun = plan.Action == SignalAction.Lift ? "suspension" : "restriction";
            return lifted.Count == 0 ? $"nothing {(plan.Action == SignalAction.Lift ? "suspended" : "restricted")}" : $"lifted {noun} of {string.Join(", ", lifted)}";
        }
        return $"{Verb(plan.Action)} {string.Join(", ", keys)}";
    }

    /// <summary>Agents whose suspension started (or ended) with these entries: their state rows, audit and announcements.</summary>
    private static IEnumerable<(string AgentId, AgentStatus Status)> AgentChanges(IReadOnlyList<StagedRevocation> staged)
    {
        foreach (var item in staged)
        {
            if (item.Subject.Kind != SubjectKind.Agent) continue;
            var was = item.Previous is { IsSuspension: true };
            if (item.Entry.IsSuspension && !was) yield return (item.Subject.Id, AgentStatus.Suspended);
            else if (!item.Entry.Suspended && was) yield return (item.Subject.Id, AgentStatus.Active);
        }
    }

    private static Plan Tighten(SignalAction action, IReadOnlyList<SubjectKey> keys, ReceivedSet set, DateTimeOffset receivedAt, string reason)
    {
        var writes = new List<RevocationWrite>(keys.Count);
        foreach (var key in keys)
        {
            switch (action)
            {
                case SignalAction.Revoke:
                    writes.Add(RevocationWrite.RevokeIssuedBefore(key, RevokeInstant(set, receivedAt), reason));
                    break;
                case SignalAction.Suspend:
                    writes.Add(RevocationWrite.Suspend(key, reason));
                    break;
                case SignalAction.Restrict when key.Kind == SubjectKind.Agent && set.EventType == SecurityEventTypes.RiskLevelChange:
                    // Note: an agent at high risk is suspended outright; a person at high risk keeps low-risk access.
                    writes.Add(RevocationWrite.Suspend(key, reason));
                    break;
                case SignalAction.Restrict:
                    writes.Add(RevocationWrite.Restrict(key, EventActionTable.RestrictionOf(set.EventType), reason));
                    break;
            }
        }
        return writes.Count == 0
            ? Plan.Nothing(action, "logged")
            : new Plan { Action = action, Summary = "", Contains = true, Reason = reason, Writes = writes };
    }

    private static Plan LiftRestriction(SignalAction action, IReadOnlyList<SubjectKey> keys, RevocationEffect effect, string reason) =>
        new() { Action = action, Summary = "", Lifts = true, Reason = reason, Writes = keys.Select(k => RevocationWrite.LiftRestriction(k, effect, reason)).ToList() };

    /// <summary>
    /// Tokens issued up to this instant die. Credential events name the moment the credential changed
    /// (<c>event_timestamp</c>); the others kill everything issued up to receipt. Never later than receipt.
    /// </summary>
    private static long RevokeInstant(ReceivedSet set, DateTimeOffset receivedAt)
    {
        var received = receivedAt.ToUnixTimeMilliseconds();
        var credentialEvent = set.EventType is SecurityEventTypes.CredentialChange or SecurityEventTypes.CredentialCompromise
            or SecurityEventTypes.AccountCredentialChangeRequired;
        return credentialEvent && set.EventTime is { } at ? Math.Min(at.ToUnixTimeMilliseconds(), received) : received;
    }

    private static string? Direction(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Verb(SignalAction action) => action switch
    {
        SignalAction.Revoke => "revoked",
        SignalAction.Suspend => "suspended",
        SignalAction.Restrict => "restricted",
        SignalAction.Lift => "lifted",
        _ => "logged",
    };
}
