namespace Rein.Core.Events;

/// <summary>
/// A Security Event Token Rein received, validated and stored the receipt of, from a transmitter whose events Rein
/// re-transmits (yaml <c>retransmit: true</c>): Rein's own transmitter re-issues the event, signed as Rein, on every
/// stream that asked for its type and subject. Holds the event as received, never the SET itself.
/// </summary>
public sealed record SecurityEventReceived : ReinEvent
{
    /// <summary>Rein's id of the transmitter it came from.</summary>
    public required string Transmitter { get; init; }

    /// <summary>The event type URI.</summary>
    public required string EventType { get; init; }

    /// <summary>The event object's JSON text, as received.</summary>
    public required string EventJson { get; init; }

    /// <summary>The subject's JSON text (<c>sub_id</c>, or the event's <c>subject</c> from a transmitter before SSF 1.0 final), as received.</summary>
    public required string SubjectJson { get; init; }
}
