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
}
