using Rein.Signals.Events;
using Rein.Signals.Transmitter.Streams;
using Rein.Signals.Transmitter.Subjects;

namespace Rein.Signals.Transmitter.Events;

/// <summary>
/// The SSF stream-control events (SSF 1.0 §8.1.4–8.1.5). Their <c>sub_id</c> is always the stream itself:
/// <c>{"format":"opaque","id":stream_id}</c>.
/// </summary>
internal static class StreamControlEvents
{
    public static EmittedEvent Verification(string streamId, string? state) =>
        new(SecurityEventTypes.Verification, SubjectIdentifier.Opaque(streamId), SetWriter.NewJti(),
            SetWriter.EventJson(w => { if (state is not null) w.WriteString("state"u8, state); }));

    public static EmittedEvent StreamUpdated(string streamId, StreamStatus status, string? reason) =>
        new(SecurityEventTypes.StreamUpdated, SubjectIdentifier.Opaque(streamId), SetWriter.NewJti(),
            SetWriter.EventJson(w =>
            {
                w.WriteString("status"u8, StreamStatusNames.Name(status));
                if (reason is not null) w.WriteString("reason"u8, reason);
            }));
}
