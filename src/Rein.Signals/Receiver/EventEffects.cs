using System.Text.Json;
using Rein.Core.Registry;
using Rein.Core.Revocation;
using Rein.Signals.Events;

namespace Rein.Signals.Receiver;

/// <summary>
/// Turns one validated event into writes to the revocation index (store first, then bus, through
/// <see cref="RevocationService"/>), following the transmitter's action table. Returns what was done, for the audit
/// record; whether anything was contained decides if time to contain is measured.
/// </summary>
internal sealed class EventEffects(RevocationService revocations, AgentControl agents, RevocationIndex index)
{
    public sealed record Outcome(SignalAction Action, string Summary, bool Contained);

    public async Task<Outcome> ApplyAsync(Transmitter transmitter, ReceivedSet set, IReadOnlyList<SubjectKey> keys, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var action = transmitter.Actions.For(set.EventType);
        var eventName = EventActionTable.ShortName(set.EventType);
        var reason = $"{eventName} from transmitter {transmitter.Id}";
        if (keys.Count == 0) return new Outcome(action, "no subject Rein knows", false);
        if (action == SignalAction.Log) return new Outcome(action, "logged", false);

        switch (set.EventType)
        {
            case SecurityEventTypes.AccountEnabled when action == SignalAction.Lift:
                return new Outcome(action, await LiftSuspensionsAsync(keys, reason, cancellationToken).ConfigureAwait(false), false);
            case SecurityEventTypes.AssuranceLevelChange:
                return Direction(set.Event, "change_direction") switch
                {
                    "decrease" => await ApplyAsync(action, keys, set, receivedAt, reason, cancellationToken).ConfigureAwait(false),
                    "increase" => new Outcome(action, await LiftAsync(keys, RevocationEffect.StepUp, reason, cancellationToken).ConfigureAwait(false), false),
                    _ => new Outcome(SignalAction.Log, "no change direction: logged", false),
                };
            case SecurityEventTypes.DeviceComplianceChange:
                return Direction(set.Event, "current_status") == "not-compliant"
                    ? await ApplyAsync(action, keys, set, receivedAt, reason, cancellationToken).ConfigureAwait(false)
                    : new Outcome(action, await LiftAsync(keys, RevocationEffect.DeviceNotCompliant, reason, cancellationToken).ConfigureAwait(false), false);
            case SecurityEventTypes.RiskLevelChange:
                return string.Equals(Direction(set.Event, "current_level"), "HIGH", StringComparison.OrdinalIgnoreCase)
                    ? await ApplyAsync(action, keys, set, receivedAt, reason, cancellationToken).ConfigureAwait(false)
                    : new Outcome(action, await LiftAsync(keys, RevocationEffect.HighRisk, reason, cancellationToken).ConfigureAwait(false), false);
            default:
                return await ApplyAsync(action, keys, set, receivedAt, reason, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Outcome> ApplyAsync(SignalAction action, IReadOnlyList<SubjectKey> keys, ReceivedSet set, DateTimeOffset receivedAt, string reason, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            switch (action)
            {
                case SignalAction.Revoke:
                    await revocations.RevokeIssuedBeforeAsync(key, RevokeInstant(set, receivedAt), reason, cancellationToken).ConfigureAwait(false);
                    break;
                case SignalAction.Suspend:
                    await SuspendAsync(key, reason, cancellationToken).ConfigureAwait(false);
                    break;
                case SignalAction.Restrict when key.Kind == SubjectKind.Agent && set.EventType == SecurityEventTypes.RiskLevelChange:
                    // Note: an agent at high risk is suspended outright; a person at high risk keeps low-risk access.
                    await SuspendAsync(key, reason, cancellationToken).ConfigureAwait(false);
                    break;
                case SignalAction.Restrict:
                    await revocations.RestrictAsync(key, EventActionTable.RestrictionOf(set.EventType), reason, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        return new Outcome(action, $"{Verb(action)} {string.Join(", ", keys)}", true);
    }

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

    private async Task SuspendAsync(SubjectKey key, string reason, CancellationToken cancellationToken)
    {
        if (key.Kind == SubjectKind.Agent)
        {
            await agents.SuspendAsync(key.Id, AgentStatus.Suspended, reason, "ssf", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await revocations.SuspendAsync(key, reason, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> LiftSuspensionsAsync(IReadOnlyList<SubjectKey> keys, string reason, CancellationToken cancellationToken)
    {
        var lifted = new List<SubjectKey>();
        foreach (var key in keys)
        {
            if (!index.TryGet(key, out var entry) || !entry.IsSuspension) continue;
            if (key.Kind == SubjectKind.Agent) await agents.EnableAsync(key.Id, reason, "ssf", cancellationToken).ConfigureAwait(false);
            else await revocations.LiftAsync(key, reason, cancellationToken).ConfigureAwait(false);
            lifted.Add(key);
        }
        return lifted.Count == 0 ? "nothing suspended" : "lifted suspension of " + string.Join(", ", lifted);
    }

    private async Task<string> LiftAsync(IReadOnlyList<SubjectKey> keys, RevocationEffect effect, string reason, CancellationToken cancellationToken)
    {
        var lifted = new List<SubjectKey>();
        foreach (var key in keys)
        {
            if (await revocations.LiftRestrictionAsync(key, effect, reason, cancellationToken).ConfigureAwait(false) is { IsRestriction: false }) lifted.Add(key);
        }
        return lifted.Count == 0 ? "nothing restricted" : "lifted restriction of " + string.Join(", ", lifted);
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
