using System.Collections.Frozen;
using Rein.Signals.Events;

namespace Rein.Signals.Transmitter.Events;

/// <summary>
/// The event types Rein transmits (<c>events_supported</c>); a stream's <c>events_delivered</c> is their intersection
/// with what the receiver requested (SSF 1.0 §8.1.1). Verification and stream-updated go on every stream.
/// </summary>
internal static class EventTypesSupported
{
    public static readonly IReadOnlyList<string> All =
    [
        SecurityEventTypes.SessionRevoked,
        SecurityEventTypes.CredentialChange,
        SecurityEventTypes.RiskLevelChange,
        SecurityEventTypes.AccountDisabled,
        SecurityEventTypes.AccountEnabled,
    ];

    private static readonly FrozenSet<string> Set = All.ToFrozenSet(StringComparer.Ordinal);

    public static FrozenSet<string> Delivered(IEnumerable<string> requested) =>
        requested.Where(Set.Contains).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// The CAEP 1.0 and RISC 1.0 event types Rein can re-transmit from a transmitter (yaml <c>retransmit</c>): a
    /// stream that requests one of them gets it when such an event is received, whether or not Rein originates it.
    /// </summary>
    public static bool IsRelayable(string eventType) =>
        eventType.StartsWith("https://schemas.openid.net/secevent/caep/event-type/", StringComparison.Ordinal) ||
        eventType.StartsWith("https://schemas.openid.net/secevent/risc/event-type/", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="eventType"/> is a stream-control event that ignores <c>events_delivered</c>.</summary>
    public static bool IsStreamControl(string eventType) =>
        eventType is SecurityEventTypes.Verification or SecurityEventTypes.StreamUpdated;
}
