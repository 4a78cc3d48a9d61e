using Microsoft.Extensions.Logging;
using Rein.Core.Audit;
using Rein.Core.Events;
using Rein.Core.Hosting;
using Rein.Core.Keys;
using Rein.Core.Registry;
using Rein.Core.Storage;
using Rein.Signals.Events;
using Rein.Signals.Transmitter.Outbox;
using Rein.Signals.Transmitter.Streams;

namespace Rein.Signals.Transmitter.Events;

/// <summary>
/// Turns what Rein did into SETs on every stream that wants them (event type delivered, subject not removed, stream
/// not disabled), signs each once for its stream's audience, and returns once they are in the outbox.
/// </summary>
internal sealed class EventFanout(
    StreamCatalog catalog,
    KeyRing keys,
    IssuerIdentity identity,
    ReinRegistry registry,
    OutboxWriter outbox,
    RecentTransactions recent,
    AuditLog audit,
    TimeProvider time,
    ILogger<EventFanout> logger)
{
    /// <summary>The <see cref="ReinEventHub"/> handler.</summary>
    public async ValueTask OnEventAsync(ReinEvent reinEvent, CancellationToken cancellationToken)
    {
        var emitted = EventTranslator.Translate(reinEvent, identity.Issuer);
        if (emitted.Count == 0) return;
        await EmitAsync(emitted, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Addresses <paramref name="emitted"/> to every stream that wants each event.</summary>
    public async Task EmitAsync(IReadOnlyList<EmittedEvent> emitted, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (emitted.Any(e => e.Relayed && recent.WasSent(e)))
        {
            foreach (var looped in emitted.Where(e => e.Relayed && recent.WasSent(e)))
            {
                audit.Write(new AuditEvent
                {
                    Kind = AuditKinds.SignalEmitted, Time = now, Action = looped.Type,
                    Reason = $"not re-transmitted: Rein already sent this event (txn {looped.Txn})",
                });
            }
            emitted = emitted.Where(e => !(e.Relayed && recent.WasSent(e))).ToList();
            if (emitted.Count == 0) return;
        }

        var rows = new List<SsfOutboxEntity>();
        foreach (var stream in catalog.All)
        {
            foreach (var item in emitted)
            {
                if (Wants(stream, item) && Sign(stream, item, now) is { } row) rows.Add(row);
            }
        }
        foreach (var item in emitted)
        {
            audit.Write(new AuditEvent
            {
                Kind = AuditKinds.SignalEmitted, Time = now, Action = item.Type,
                Reason = $"{rows.Count(r => r.EventType == item.Type)} stream(s); txn {item.Txn}",
            });
        }
        await outbox.AppendAsync(rows, cancellationToken).ConfigureAwait(false);
        foreach (var item in emitted) recent.Remember(item);
    }

    /// <summary>
    /// Whether <paramref name="item"/> goes on <paramref name="stream"/>: its type delivered, its subject not removed
    /// (SSF 1.0 §8.1.3), the stream not disabled. Types Rein only re-transmits are delivered when retransmission is on
    /// (see <see cref="EventTypesSupported"/>).
    /// </summary>
    private static bool Wants(StreamState stream, EmittedEvent item) =>
        stream.Wants(item.Type, item.Subject);

    /// <summary>A stream-control event (verification, stream-updated) for one stream, whatever its filters say.</summary>
    public async Task EmitToAsync(StreamState stream, EmittedEvent item, CancellationToken cancellationToken)
    {
        var row = Sign(stream, item, time.GetUtcNow()) ?? throw new InvalidOperationException("The SET could not be signed: no active signing key.");
        await outbox.AppendAsync([row], cancellationToken).ConfigureAwait(false);
    }

    private SsfOutboxEntity? Sign(StreamState stream, EmittedEvent item, DateTimeOffset now)
    {
        // A stream whose receiver left the configuration gets nothing more: nobody it could belong to is declared.
        if (!registry.Current.Clients.TryGetValue(stream.ReceiverId, out var client) || client.SignalReceiver is not { } receiver) return null;
        var key = keys.GetSigningKey(receiver.SigningAlgorithm);
        if (key is null)
        {
            TransmitterLog.NoSigningKey(logger, receiver.SigningAlgorithm, stream.StreamId);
            return null;
        }
        var written = SetWriter.Write(key, identity.Issuer, stream.Audience, item, now);
        var at = now.ToUnixTimeMilliseconds();
        return new SsfOutboxEntity
        {
            StreamId = stream.StreamId,
            Jti = written.Jti,
            EventType = item.Type,
            Set = written.Set,
            Control = item.Type == SecurityEventTypes.StreamUpdated,
            CreatedAt = at,
            NextAttemptAt = at,
        };
    }
}
