using System.Collections.Frozen;
using Rein.Core.Hosting;
using Rein.Signals.Events;

namespace Rein.Signals.Transmitter.Events;

/// <summary>
/// The event types this transmitter delivers (<c>events_supported</c>); a stream's <c>events_delivered</c> is their
/// intersection with what the receiver requested (SSF 1.0 §8.1.1). Rein originates a few types itself; when any
/// configured transmitter has <c>retransmit: true</c>, every CAEP 1.0 and RISC 1.0 type Rein can receive is supported
/// too, since a stream that asks for one gets it whenever such an event is received. Verification and stream-updated
/// go on every stream whatever it requested.
/// </summary>
internal sealed class EventTypesSupported
{
    /// <summary>The types Rein raises itself (agent kill/enable, credential rotation, admin revocations, anomalies).</summary>
    public static readonly IReadOnlyList<string> Originated =
    [
        SecurityEventTypes.SessionRevoked,
        SecurityEventTypes.CredentialChange,
        SecurityEventTypes.RiskLevelChange,
        SecurityEventTypes.AccountDisabled,
        SecurityEventTypes.AccountEnabled,
    ];

    /// <summary>The CAEP 1.0 and RISC 1.0 types a received SET can carry and Rein can re-transmit.</summary>
    public static readonly IReadOnlyList<string> Relayable =
    [
        SecurityEventTypes.SessionRevoked,
        SecurityEventTypes.TokenClaimsChange,
        SecurityEventTypes.CredentialChange,
        SecurityEventTypes.AssuranceLevelChange,
        SecurityEventTypes.DeviceComplianceChange,
        SecurityEventTypes.SessionEstablished,
        SecurityEventTypes.SessionPresented,
        SecurityEventTypes.RiskLevelChange,
        SecurityEventTypes.AccountCredentialChangeRequired,
        SecurityEventTypes.AccountPurged,
        SecurityEventTypes.AccountDisabled,
        SecurityEventTypes.AccountEnabled,
        SecurityEventTypes.IdentifierChanged,
        SecurityEventTypes.IdentifierRecycled,
        SecurityEventTypes.CredentialCompromise,
        SecurityEventTypes.OptIn,
        SecurityEventTypes.OptOutInitiated,
        SecurityEventTypes.OptOutCancelled,
        SecurityEventTypes.OptOutEffective,
        SecurityEventTypes.RecoveryActivated,
        SecurityEventTypes.RecoveryInformationChanged,
        SecurityEventTypes.SessionsRevoked,
    ];

    private static readonly FrozenSet<string> RelayableSet = Relayable.ToFrozenSet(StringComparer.Ordinal);

    private readonly FrozenSet<string> _supported;

    public EventTypesSupported(ReinCoreOptions options)
        : this(relaying: options.Config.Signals.Transmitters.Any(transmitter => transmitter.Retransmit))
    {
    }

    internal EventTypesSupported(bool relaying)
    {
        All = relaying ? [.. Originated, .. Relayable.Where(type => !Originated.Contains(type, StringComparer.Ordinal))] : Originated;
        _supported = All.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>What <c>events_supported</c> lists, in a stable order.</summary>
    public IReadOnlyList<string> All { get; }

    public FrozenSet<string> Delivered(IEnumerable<string> requested) =>
        requested.Where(_supported.Contains).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether a received event of <paramref name="eventType"/> may be re-transmitted.</summary>
    public static bool IsRelayable(string eventType) => RelayableSet.Contains(eventType);

    /// <summary>Whether <paramref name="eventType"/> is a stream-control event that ignores <c>events_delivered</c>.</summary>
    public static bool IsStreamControl(string eventType) =>
        eventType is SecurityEventTypes.Verification or SecurityEventTypes.StreamUpdated;
}
