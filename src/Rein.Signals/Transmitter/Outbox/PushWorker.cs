using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Rein.Core.Audit;
using Rein.Core.Storage;
using Rein.Signals.Transmitter.Streams;

namespace Rein.Signals.Transmitter.Outbox;

/// <summary>
/// Delivers one push stream's outbox in order: the oldest waiting SET first, the next only once it was accepted (or
/// refused for good). A failure holds the whole stream back until the retry is due, so order is never broken.
/// <para>
/// Only while this instance holds the stream's lease (<see cref="StreamLeases"/>) does it push, so instances sharing a
/// store never push the same SET. Once caught up with the store, the worker takes the SETs its own instance commits
/// from the <see cref="OutboxFeed"/> instead of reading them back, and re-reads the store every
/// <see cref="TransmitterOptions.OutboxRescan"/> for SETs other instances committed, and whenever the feed cannot be
/// trusted (after a failure, a status change, an overflow). Delivered SETs are deleted in batches shared with the
/// outbox writer's commits; a crash in between sends them again (receivers deduplicate by <c>jti</c>).
/// </para>
/// </summary>
internal sealed class PushWorker(
    string streamId,
    StreamCatalog catalog,
    IDbContextFactory<ReinDbContext> dbFactory,
    PushClient client,
    OutboxWriter outbox,
    OutboxFeed feeds,
    StreamLeases leases,
    TransmitterOptions options,
    AuditLog audit,
    TimeProvider time,
    ILogger logger)
{
    private readonly List<Task> _deleting = [];
    private long _leaseUntil;
    private long _rescanAt;
    private bool _synced;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task RunAsync(CancellationToken stopping)
    {
        var feed = feeds.For(streamId);
        var batch = new List<SsfOutboxEntity>(options.PushBatchSize);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var stream = catalog.Get(streamId);
                if (stream is null || !stream.IsPush) return;
                var wake = catalog.Notifier(streamId).Next;
                if (!await HoldLeaseAsync(stopping).ConfigureAwait(false))
                {
                    // Another instance delivers this stream; try again later, in case it stopped.
                    _synced = false;
                    feed.Close();
                    await Task.Delay(options.LeaseRetry, time, stopping).ConfigureAwait(false);
                    continue;
                }

                batch.Clear();
                var now = Now;
                if (_synced && stream.Status == StreamStatus.Enabled && now < _rescanAt && feed.TryTake(batch, options.PushBatchSize))
                {
                    if (batch.Count == 0)
                    {
                        await Task.WhenAny(wake, Task.Delay(TimeSpan.FromMilliseconds(_rescanAt - now), time, stopping)).ConfigureAwait(false);
                        continue;
                    }
                }
                else
                {
                    await LoadHeadAsync(stream, feed, batch, stopping).ConfigureAwait(false);
                    if (batch.Count == 0)
                    {
                        if (!_synced) await Task.WhenAny(wake, Task.Delay(options.OutboxRescan, time, stopping)).ConfigureAwait(false);
                        continue;
                    }
                    var wait = batch[0].NextAttemptAt - Now;
                    if (wait > 0)
                    {
                        _synced = false;
                        await Task.WhenAny(wake, Task.Delay(TimeSpan.FromMilliseconds(wait), time, stopping)).ConfigureAwait(false);
                        continue;
                    }
                }
                if (!await DeliverAsync(batch, stopping).ConfigureAwait(false)) _synced = false;
            }
        }
        finally
        {
            feed.Close();
            await AwaitDeletionsAsync().ConfigureAwait(false);
            if (_leaseUntil > 0)
            {
                // Note: released only after the deletions are committed, so the next holder does not resend them.
                try
                {
                    await leases.ReleaseAsync(streamId, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
                {
                    // The lease simply expires.
                }
            }
        }
    }

    /// <summary>
    /// Whether this instance holds the stream's lease with time to spare for one push; renews it once a third of it
    /// has passed.
    /// </summary>
    private async Task<bool> HoldLeaseAsync(CancellationToken cancellationToken)
    {
        var duration = (long)options.LeaseDuration.TotalMilliseconds;
        var remaining = _leaseUntil - Now;
        if (remaining > duration * 2 / 3 && remaining > (long)options.PushTimeout.TotalMilliseconds) return true;
        var held = await leases.TryAcquireAsync(streamId, options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        if (held is null && _leaseUntil > 0)
        {
            TransmitterLog.LeaseLost(logger, streamId);
        }
        _leaseUntil = held ?? 0;
        return held is not null;
    }

    /// <summary>
    /// The oldest SETs this stream may send now, from the store: all of them when enabled, only stream-control SETs
    /// otherwise. An enabled stream's feed is opened first, so every SET committed after this read reaches it; when
    /// the read found all there was, the worker is caught up and takes from the feed next.
    /// </summary>
    private async Task LoadHeadAsync(StreamState stream, OutboxFeed.StreamFeed feed, List<SsfOutboxEntity> into, CancellationToken cancellationToken)
    {
        var enabled = stream.Status == StreamStatus.Enabled;
        if (enabled) feed.Open();
        else feed.Close();
        _synced = false;
        await AwaitDeletionsAsync().ConfigureAwait(false);
        _rescanAt = Now + (long)options.OutboxRescan.TotalMilliseconds;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            into.AddRange(await db.SsfOutbox.AsNoTracking()
                .Where(o => o.StreamId == streamId && (enabled || o.Control))
                .OrderBy(o => o.Id).Take(options.PushBatchSize)
                .ToListAsync(cancellationToken).ConfigureAwait(false));
        }
        if (!enabled) return;
        if (into.Count > 0) feed.DropThrough(into[^1].Id);
        _synced = into.Count < options.PushBatchSize;
    }

    /// <summary>Pushes <paramref name="rows"/> in order; false when it stopped early (a failure, a status change, a lost lease).</summary>
    private async Task<bool> DeliverAsync(List<SsfOutboxEntity> rows, CancellationToken stopping)
    {
        var done = new List<long>(rows.Count);
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        try
        {
            foreach (var row in rows)
            {
                // The status may have changed since the batch was read: a paused stream sends only stream-control SETs.
                if (catalog.Get(streamId) is not { IsPush: true } stream || (stream.Status != StreamStatus.Enabled && !row.Control)) return false;
                if (row.NextAttemptAt > Now) return false;
                if (!await HoldLeaseAsync(stopping).ConfigureAwait(false)) return false;

                if (!timeout.TryReset())
                {
                    timeout.Dispose();
                    timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                }
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
                return false;
            }
            return true;
        }
        finally
        {
            timeout.Dispose();
            if (done.Count > 0) Delete(done);
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
    /// Hands delivered rows to the outbox writer, whose next commit removes them, without waiting for it: the next
    /// read of the store waits instead (<see cref="AwaitDeletionsAsync"/>), so it never sees them again.
    /// </summary>
    private void Delete(List<long> ids)
    {
        _deleting.RemoveAll(t => t.IsCompletedSuccessfully);
        try
        {
            _deleting.Add(outbox.RemoveAsync(ids, CancellationToken.None));
        }
        catch (InvalidOperationException)
        {
            // The outbox is stopping: the rows stay and are pushed again after a restart, with the same jti.
        }
    }

    private async Task AwaitDeletionsAsync()
    {
        if (_deleting.Count == 0) return;
        try
        {
            await Task.WhenAll(_deleting).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // Note: the rows stay and are pushed again with the same jti; receivers deduplicate. Logged by the writer.
        }
        _deleting.Clear();
    }
}
