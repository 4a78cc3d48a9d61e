using System.Collections.Frozen;
using Rein.Signals.Transmitter.Subjects;

namespace Rein.Signals.Transmitter.Streams;

/// <summary>One stream as the transmitter holds it in memory. Immutable; replaced whole on every change.</summary>
internal sealed record StreamState
{
    public required string StreamId { get; init; }
    public required string ReceiverId { get; init; }
    public required string Audience { get; init; }
    public required string Method { get; init; }

    /// <summary>The receiver's push URL; null for poll streams.</summary>
    public string? EndpointUrl { get; init; }

    /// <summary>The push <c>Authorization</c> value the receiver asked for; never shown by the API.</summary>
    public string? Authorization { get; init; }
    public IReadOnlyList<string> EventsRequested { get; init; } = [];
    public FrozenSet<string> EventsDelivered { get; init; } = FrozenSet<string>.Empty;
    public string? Description { get; init; }
    public StreamStatus Status { get; init; }
    public string? StatusReason { get; init; }

    /// <summary>Subjects the receiver removed (default_subjects ALL: everything else is sent).</summary>
    public IReadOnlyList<SubjectIdentifier> RemovedSubjects { get; init; } = [];
    public long? LastVerificationAt { get; init; }
    public long CreatedAt { get; init; }

    public bool IsPush => Method == SsfPaths.PushMethod;

    /// <summary>Whether an event about <paramref name="subject"/> of <paramref name="eventType"/> goes on this stream.</summary>
    public bool Wants(string eventType, SubjectIdentifier subject) =>
        Status != StreamStatus.Disabled && EventsDelivered.Contains(eventType) && !RemovedSubjects.Any(removed => removed.Matches(subject));
}
