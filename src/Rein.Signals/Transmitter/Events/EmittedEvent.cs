using Rein.Signals.Transmitter.Subjects;

namespace Rein.Signals.Transmitter.Events;

/// <summary>
/// One event Rein transmits, before it is addressed to a stream: its type, primary subject (<c>sub_id</c>), the
/// <c>txn</c> shared by every SET of the same underlying change, and the event object's JSON.
/// </summary>
internal sealed record EmittedEvent(string Type, SubjectIdentifier Subject, string Txn, string EventJson)
{
    /// <summary>Stream-control events (verification, stream-updated) bypass <c>events_delivered</c> and subject filters.</summary>
    public bool IsStreamControl => EventTypesSupported.IsStreamControl(Type);

    /// <summary>
    /// A received event Rein re-transmits (not one Rein originated): it goes to streams that requested its type even
    /// when Rein does not originate that type, and never when its <c>txn</c> is one Rein already sent it under.
    /// </summary>
    public bool Relayed { get; init; }
}
