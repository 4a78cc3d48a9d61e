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
/// store never push the same SET; every batch is read from the store, so SETs any instance committed go out in commit
/// order. Delivered SETs are handed to the outbox writer, whose next commit deletes them (one statement per batch);
/// the worker carries on meanwhile and skips them if a read sees them again. A crash in between sends them again
/// (receivers deduplicate by <c>jti</c>).
/// </para>
/// </summary>
internal sealed class PushWorker(
    string streamId,
    StreamCatalog catalog,
    IDbContextFactory<ReinDbContext> dbFactory,
    PushClient client,
    OutboxWriter outbox,
    StreamLeases leases,
    TransmitterOptions options,
    AuditLog audit,
    TimeProvider time,
    ILogger logger)
{
    private readonly List<(Task Done, List<long> Ids)> _deleting = [];
    private readonly HashSet<long> _deletingIds = [];
    private long _leaseUntil;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task RunAsync(CancellationToken stopping)
    {
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
                    await Task.Delay(options.LeaseRetry, time, stopping).ConfigureAwait(false);
                    continue;
                }

                batch.Clear();
                var skipped = await LoadHeadAsync(stream, batch, stopping).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    // Only rows whose deletion is not committed yet: wait for it, then look again at once.
                    if (skipped) await AwaitDeletionsAsync().ConfigureAwait(false);
                    else await Task.WhenAny(wake, Task.Delay(options.OutboxRescan, time, stopping)).ConfigureAwait(false);
                    continue;
                }
                var wait = batch[0].NextAttemptAt - Now;
                if (wait > 0)
                {
                    await Task.WhenAny(wake, Task.Delay(TimeSpan.FromMilliseconds(wait), time, stopping)).ConfigureAwait(false);
                    continue;
                }
                await DeliverAsync(batch, stopping).ConfigureAwait(false);
            }
        }
        finally
        {
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
        if (held is null && _leaseUntil > 0) TransmitterLog.LeaseLost(logger, streamId);
        _leaseUntil = held ?? 0;
        return held is not null;
    }

    /// <summary>
    /// The oldest SETs this stream may send now: all of them when enabled (here and in the store), only stream-control
    /// SETs otherwise; rows
    /// already delivered whose deletion is not committed yet are left out (returns whether there were any).
    /// </summary>
    private async Task<bool> LoadHeadAsync(StreamState stream, List<SsfOutboxEntity> into, CancellationToken cancellationToken)
    {
        ForgetCommittedDeletions();
        var skipped = false;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = stream.Status == StreamStatus.Enabled ? SelectAll : SelectControl;
        command.AddParameter("@stream", streamId);
        command.AddParameter("@limit", options.PushBatchSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var rowId = reader.GetInt64(0);
            if (_deletingIds.Contains(rowId))
            {
                skipped = true;
                continue;
            }
            into.Add(new SsfOutboxEntity
            {
                Id = rowId, StreamId = streamId, Jti = reader.GetString(1), EventType = reader.GetString(2), Set = reader.GetString(3),
                Control = reader.GetBoolean(4), Attempts = reader.GetInt32(5), NextAttemptAt = reader.GetInt64(6),
            });
        }
        return skipped;
    }

    // Note: hand-written rather than an EF query: a busy stream reads its head once per handful of SETs. The join
    // reads the stream's status as the store has it, so a pause or disable made through another instance holds
    // delivery here too.
    private const string Columns = "SELECT o.\"Id\", o.\"Jti\", o.\"EventType\", o.\"Set\", o.\"Control\", o.\"Attempts\", o.\"NextAttemptAt\" FROM ssf_outbox o ";
    private const string SelectAll = Columns + "JOIN ssf_streams s ON s.\"StreamId\" = o.\"StreamId\" " +
        "WHERE o.\"StreamId\" = @stream AND (s.\"Status\" = 0 OR o.\"Control\") ORDER BY o.\"Id\" LIMIT @limit";
    private const string SelectControl = Columns + "WHERE o.\"StreamId\" = @stream AND o.\"Control\" ORDER BY o.\"Id\" LIMIT @limit";

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
                PushOutcome outcome;
                try
                {
                    outcome = await client.PushAsync(stream, row.Set, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    // Note: the push timeout fired (not a stop): a failure like any other, retried with backoff.
                    outcome = PushOutcome.Failed("timeout");
                }
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
    /// Hands delivered rows to the outbox writer, whose next commit removes them, without waiting for it: until then
    /// reads of the store skip them.
    /// </summary>
    private void Delete(List<long> ids)
    {
        try
        {
            _deleting.Add((outbox.RemoveAsync(ids, CancellationToken.None), ids));
            _deletingIds.UnionWith(ids);
        }
        catch (InvalidOperationException)
        {
            // The outbox is stopping: the rows stay and are pushed again after a restart, with the same jti.
        }
    }

    /// <summary>Stops skipping rows whose deletion finished (committed, or failed: then they are pushed again, same jti).</summary>
    private void ForgetCommittedDeletions()
    {
        for (var i = _deleting.Count - 1; i >= 0; i--)
        {
            if (!_deleting[i].Done.IsCompleted) continue;
            _deletingIds.ExceptWith(_deleting[i].Ids);
            _deleting.RemoveAt(i);
        }
    }

    private async Task AwaitDeletionsAsync()
    {
        foreach (var (done, _) in _deleting)
        {
            try
            {
                await done.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                // Note: the rows stay and are pushed again with the same jti; receivers deduplicate. Logged by the writer.
            }
        }
        ForgetCommittedDeletions();
    }
}
