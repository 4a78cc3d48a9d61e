using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Rein.Core.Audit;
using Rein.Core.Storage;
using Rein.Signals.Transmitter.Streams;

namespace Rein.Signals.Transmitter.Outbox;

/// <summary>
/// Delivers one push stream's outbox in order: the oldest waiting SET first, the next only once it was accepted (or
/// refused for good). A failure holds the whole stream back until the retry is due, so order is never broken. A
/// delivered SET is deleted after its batch; a crash in between sends it again (receivers deduplicate by <c>jti</c>).
/// </summary>
internal sealed class PushWorker(
    string streamId,
    StreamCatalog catalog,
    IDbContextFactory<ReinDbContext> dbFactory,
    PushClient client,
    OutboxWriter outbox,
    TransmitterOptions options,
    AuditLog audit,
    TimeProvider time,
    ILogger logger)
{
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var stream = catalog.Get(streamId);
            if (stream is null || !stream.IsPush) return;
            var wake = catalog.Notifier(streamId).Next;
            var rows = await LoadHeadAsync(stream, stopping).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                await wake.WaitAsync(stopping).ConfigureAwait(false);
                continue;
            }
            var wait = rows[0].NextAttemptAt - time.GetUtcNow().ToUnixTimeMilliseconds();
            if (wait > 0)
            {
                await Task.WhenAny(wake, Task.Delay(TimeSpan.FromMilliseconds(wait), time, stopping)).ConfigureAwait(false);
                continue;
            }
            await DeliverAsync(rows, stopping).ConfigureAwait(false);
        }
    }

    /// <summary>The oldest SETs this stream may send now: all of them when enabled, only stream-control SETs otherwise.</summary>
    private async Task<List<SsfOutboxEntity>> LoadHeadAsync(StreamState stream, CancellationToken cancellationToken)
    {
        var enabled = stream.Status == StreamStatus.Enabled;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.SsfOutbox.AsNoTracking()
            .Where(o => o.StreamId == streamId && (enabled || o.Control))
            .OrderBy(o => o.Id).Take(options.PushBatchSize)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task DeliverAsync(List<SsfOutboxEntity> rows, CancellationToken stopping)
    {
        var done = new List<long>(rows.Count);
        try
        {
            foreach (var row in rows)
            {
                // The status may have changed since the batch was read: a paused stream sends only stream-control SETs.
                if (catalog.Get(streamId) is not { IsPush: true } stream || (stream.Status != StreamStatus.Enabled && !row.Control)) break;
                if (row.NextAttemptAt > time.GetUtcNow().ToUnixTimeMilliseconds()) break;

                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                timeout.CancelAfter(options.PushTimeout);
                var outcome = await client.PushAsync(stream, row.Set, timeout.Token).ConfigureAwait(false);
                if (outcome.Accepted)
                {
                    done.Add(row.Id);
                    continue;
                }
                var attempt = row.Attempts + 1;
                if (outcome.IsRefusal && outcome.RefusalCode is not ("authentication_failed" or "access_denied") && attempt >= RetryPolicy.MaxRejections)
                {
                    TransmitterLog.SetRejected(logger, streamId, row.Jti, attempt, outcome.RefusalCode!);
                    audit.Write(new AuditEvent
                    {
                        Kind = AuditKinds.SignalRejected, Time = time.GetUtcNow(), Action = row.EventType, Decision = "dropped",
                        Reason = $"stream {streamId}: {outcome.RefusalCode} after {attempt} attempts; jti {row.Jti}",
                    });
                    done.Add(row.Id);
                    continue;
                }
                var delay = RetryPolicy.Delay(attempt, options.RetryBase, options.RetryCap);
                TransmitterLog.PushFailed(logger, streamId, outcome.Description, attempt, (long)delay.TotalMilliseconds);
                await RecordFailureAsync(row.Id, attempt, delay, outcome.Description, stopping).ConfigureAwait(false);
                break;
            }
        }
        finally
        {
            if (done.Count > 0) await DeleteAsync(done).ConfigureAwait(false);
        }
    }

    private async Task RecordFailureAsync(long id, int attempt, TimeSpan delay, string error, CancellationToken cancellationToken)
    {
        var next = time.GetUtcNow().Add(delay).ToUnixTimeMilliseconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.SsfOutbox.Where(o => o.Id == id).ExecuteUpdateAsync(u => u
            .SetProperty(o => o.Attempts, attempt)
            .SetProperty(o => o.NextAttemptAt, next)
            .SetProperty(o => o.LastError, error), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes delivered rows through the outbox writer, sharing its commits. Not cancellable: a stop between a 202 and
    /// this removal would only cause a redelivery, but finishing is cheap.
    /// </summary>
    private Task DeleteAsync(List<long> ids) => outbox.RemoveAsync(ids, CancellationToken.None);
}
