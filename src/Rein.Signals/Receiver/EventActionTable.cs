using System.Collections.Frozen;
using Rein.Core.Revocation;
using Rein.Signals.Events;

namespace Rein.Signals.Receiver;

/// <summary>
/// Event type → action for one transmitter: Rein's defaults (docs/signals-receiver.md) with that transmitter's
/// <c>actions</c> overrides. Events Rein does not act on default to <see cref="SignalAction.Log"/>.
/// </summary>
internal sealed class EventActionTable
{
    /// <summary>Rein's defaults, by event type URI.</summary>
    public static readonly FrozenDictionary<string, SignalAction> Defaults = new Dictionary<string, SignalAction>(StringComparer.Ordinal)
    {
        [SecurityEventTypes.SessionRevoked] = SignalAction.Revoke,
        [SecurityEventTypes.SessionsRevoked] = SignalAction.Revoke,
        [SecurityEventTypes.CredentialChange] = SignalAction.Revoke,
        [SecurityEventTypes.CredentialCompromise] = SignalAction.Revoke,
        [SecurityEventTypes.AccountCredentialChangeRequired] = SignalAction.Revoke,
        [SecurityEventTypes.TokenClaimsChange] = SignalAction.Revoke,
        [SecurityEventTypes.AccountDisabled] = SignalAction.Suspend,
        [SecurityEventTypes.AccountPurged] = SignalAction.Suspend,
        [SecurityEventTypes.AccountEnabled] = SignalAction.Lift,
        [SecurityEventTypes.AssuranceLevelChange] = SignalAction.Restrict,
        [SecurityEventTypes.DeviceComplianceChange] = SignalAction.Restrict,
        [SecurityEventTypes.RiskLevelChange] = SignalAction.Restrict,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The restriction each restricting event applies (and lifts when the signal improves).</summary>
    public static RevocationEffect RestrictionOf(string eventType) => eventType switch
    {
        SecurityEventTypes.DeviceComplianceChange => RevocationEffect.DeviceNotCompliant,
        SecurityEventTypes.RiskLevelChange => RevocationEffect.HighRisk,
        _ => RevocationEffect.StepUp,
    };

    private readonly FrozenDictionary<string, SignalAction> _actions;

    private EventActionTable(FrozenDictionary<string, SignalAction> actions) => _actions = actions;

    /// <summary>The defaults with <paramref name="overrides"/> (CAEP/RISC event name → action name) applied.</summary>
    public static EventActionTable For(IReadOnlyDictionary<string, string> overrides)
    {
        var actions = new Dictionary<string, SignalAction>(Defaults, StringComparer.Ordinal);
        foreach (var (name, action) in overrides)
        {
            var uri = EventUri(name) ?? throw new ArgumentException($"Unknown event '{name}'.", nameof(overrides));
            actions[uri] = action switch
            {
                "revoke" => SignalAction.Revoke,
                "suspend" => SignalAction.Suspend,
                "restrict" => SignalAction.Restrict,
                "log" => SignalAction.Log,
                _ => throw new ArgumentException($"Unknown action '{action}'.", nameof(overrides)),
            };
        }
        return new EventActionTable(actions.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public SignalAction For(string eventType) => _actions.TryGetValue(eventType, out var action) ? action : SignalAction.Log;

    /// <summary>The URI of a CAEP or RISC event name (CAEP and RISC names do not collide).</summary>
    public static string? EventUri(string name)
    {
        foreach (var prefix in (ReadOnlySpan<string>)["https://schemas.openid.net/secevent/caep/event-type/", "https://schemas.openid.net/secevent/risc/event-type/"])
        {
            var uri = prefix + name;
            if (KnownEvents.Contains(uri)) return uri;
        }
        return null;
    }

    /// <summary>The last segment of an event type URI, for audit records and logs.</summary>
    public static string ShortName(string eventType)
    {
        var slash = eventType.LastIndexOf('/');
        return slash >= 0 && slash < eventType.Length - 1 ? eventType[(slash + 1)..] : eventType;
    }

    private static readonly FrozenSet<string> KnownEvents = typeof(SecurityEventTypes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.Name != nameof(SecurityEventTypes.TokenType))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToFrozenSet(StringComparer.Ordinal);
}
