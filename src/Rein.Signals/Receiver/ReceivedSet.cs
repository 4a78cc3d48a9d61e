using System.Text.Json;
using Rein.Signals.Subjects;

namespace Rein.Signals.Receiver;

/// <summary>A SET that passed every check: who sent it, its one event, and the subject that event is about.</summary>
public sealed record ReceivedSet
{
    public required string Transmitter { get; init; }
    public required string Issuer { get; init; }
    public required string JwtId { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
    public string? Transaction { get; init; }

    /// <summary>The event type URI, the single member of <c>events</c>.</summary>
    public required string EventType { get; init; }

    /// <summary>The event object (the member's value).</summary>
    public required JsonElement Event { get; init; }

    /// <summary>The primary subject: <c>sub_id</c>, or <c>events.*.subject</c> from a pre-final transmitter.</summary>
    public required SubjectIdentifier Subject { get; init; }

    /// <summary>The subject's JSON text as received (what re-transmission carries on as <c>sub_id</c>).</summary>
    public string SubjectJson { get; init; } = "";

    /// <summary>CAEP <c>event_timestamp</c>, when present.</summary>
    public DateTimeOffset? EventTime { get; init; }
}
