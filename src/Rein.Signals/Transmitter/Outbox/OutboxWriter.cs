using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rein.Core.Storage;
using Rein.Signals.Transmitter.Streams;

namespace Rein.Signals.Transmitter.Outbox;

/// <summary>
/// The only writer of new outbox rows, and of the deletions that follow push deliveries: callers hand it signed SETs
/// (or delivered row ids) and get control back once they are committed, so an event Rein acknowledged survives a
/// restart. Concurrent callers share one transaction (group commit: one WAL sync for many SETs and deliveries), and
/// rows get their delivery order (<see cref="SsfOutboxEntity.Id"/>) in the order they were handed in.
/// </summary>
internal sealed class OutboxWriter(IDbContextFactory<ReinDbContext> dbFactory, StreamCatalog catalog, ILogger<OutboxWriter> logger) : BackgroundService
{
    private const int MaxBatches = 256;

    /// <summary>Delivered rows are removed by one statement per this many ids.</summary>
    private const int DeleteChunk = 500;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    private sealed record Pending(IReadOnlyList<SsfOutboxEntity> Rows, IReadOnlyList<long> Delivered, TaskCompletionSource Done);

    /// <summary>Stores <paramref name="rows"/>; completes when they are committed, faults when they could not be.</summary>
    public Task AppendAsync(IReadOnlyList<SsfOutboxEntity> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return Task.CompletedTask;
        return Enqueue(new Pending(rows, [], new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)), cancellationToken);
    }

    /// <summary>Removes delivered rows; completes when the removal is committed.</summary>
    public Task RemoveAsync(IReadOnlyList<long> delivered, CancellationToken cancellationToken)
    {
        if (delivered.Count == 0) return Task.CompletedTask;
        return Enqueue(new Pending([], delivered, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)), cancellationToken);
    }

    private Task Enqueue(Pending pending, CancellationToken cancellationToken)
    {
        if (!_queue.Writer.TryWrite(pending)) throw new InvalidOperationException("The transmitter is stopping; the outbox takes no more work.");
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatches);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                while (batch.Count < MaxBatches && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
                await StoreAsync(batch).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (OperationCanceledException)
        {
        }
        // Note: whatever was handed in before the host stopped is still stored; callers were promised durability.
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var pending)) batch.Add(pending);
        if (batch.Count > 0) await StoreAsync(batch).ConfigureAwait(false);
    }

    /// <summary>
    /// One prepared INSERT reused for the batch, in one transaction, in hand-in order (so ids follow it); then one DELETE per <see cref="DeleteChunk"/> delivered ids. EF Core's change tracking cost more per row
    /// than the insert itself, and every SET Rein sends passes through here.
    /// </summary>
    private static async Task InsertAsync(ReinDbContext db, List<Pending> batch)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        if (batch.Any(p => p.Rows.Count > 0))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO ssf_outbox (\"StreamId\", \"Jti\", \"EventType\", \"Set\", \"Control\", \"CreatedAt\", \"NextAttemptAt\", \"Attempts\") " +
                "VALUES (@stream, @jti, @type, @set, @control, @created, @next, 0)";
            var stream = command.AddParameter("@stream");
            var jti = command.AddParameter("@jti");
            var type = command.AddParameter("@type");
            var set = command.AddParameter("@set");
            var control = command.AddParameter("@control");
            var created = command.AddParameter("@created");
            var next = command.AddParameter("@next");
            foreach (var pending in batch)
            {
                foreach (var row in pending.Rows)
                {
                    stream.Value = row.StreamId;
                    jti.Value = row.Jti;
                    type.Value = row.EventType;
                    set.Value = row.Set;
                    control.Value = row.Control;
                    created.Value = row.CreatedAt;
                    next.Value = row.NextAttemptAt;
                    await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
            }
        }
        if (batch.Any(p => p.Delivered.Count > 0))
        {
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            var ids = new System.Text.StringBuilder();
            var inChunk = 0;
            foreach (var pending in batch)
            {
                foreach (var id in pending.Delivered)
                {
                    // Note: the ids are longs formatted invariantly, never text from outside, so they are written inline.
                    ids.Append(inChunk == 0 ? "" : ",").Append(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (++inChunk < DeleteChunk) continue;
                    await DeleteAsync(delete, ids).ConfigureAwait(false);
                    inChunk = 0;
                }
            }
            if (inChunk > 0) await DeleteAsync(delete, ids).ConfigureAwait(false);
        }
        await transaction.CommitAsync().ConfigureAwait(false);
    }

    private static Task<int> DeleteAsync(System.Data.Common.DbCommand delete, System.Text.StringBuilder ids)
    {
        delete.CommandText = "DELETE FROM ssf_outbox WHERE \"Id\" IN (" + ids + ")";
        ids.Clear();
        return delete.ExecuteNonQueryAsync();
    }

    private async Task StoreAsync(List<Pending> batch)
    {
        try
        {
            await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false))
            {
                await InsertAsync(db, batch).ConfigureAwait(false);
            }
            foreach (var pending in batch) pending.Done.TrySetResult();
            foreach (var streamId in batch.SelectMany(p => p.Rows).Select(r => r.StreamId).Distinct(StringComparer.Ordinal)) catalog.Notify(streamId);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            TransmitterLog.OutboxFailed(logger, ex, batch.Sum(p => p.Rows.Count + p.Delivered.Count));
            foreach (var pending in batch) pending.Done.TrySetException(ex);
        }
    }
}
