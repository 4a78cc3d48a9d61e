using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rein.Core.Storage;
using Rein.Signals.Transmitter.Streams;

namespace Rein.Signals.Transmitter.Outbox;

/// <summary>
/// The only writer of new outbox rows: callers hand it signed SETs and get control back once they are committed,
/// so an event Rein acknowledged survives a restart. Concurrent callers share one transaction (group commit), and
/// rows get their delivery order (<see cref="SsfOutboxEntity.Id"/>) in the order they were handed in.
/// </summary>
internal sealed class OutboxWriter(IDbContextFactory<ReinDbContext> dbFactory, StreamCatalog catalog, ILogger<OutboxWriter> logger) : BackgroundService
{
    private const int MaxBatches = 256;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    private sealed record Pending(IReadOnlyList<SsfOutboxEntity> Rows, TaskCompletionSource Done);

    /// <summary>Stores <paramref name="rows"/>; completes when they are committed, faults when they could not be.</summary>
    public Task AppendAsync(IReadOnlyList<SsfOutboxEntity> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return Task.CompletedTask;
        var pending = new Pending(rows, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending)) throw new InvalidOperationException("The transmitter is stopping; the outbox takes no more SETs.");
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

    private async Task StoreAsync(List<Pending> batch)
    {
        try
        {
            await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false))
            {
                foreach (var pending in batch) db.SsfOutbox.AddRange(pending.Rows);
                await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
            }
            foreach (var pending in batch) pending.Done.TrySetResult();
            foreach (var streamId in batch.SelectMany(p => p.Rows).Select(r => r.StreamId).Distinct(StringComparer.Ordinal)) catalog.Notify(streamId);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            TransmitterLog.OutboxFailed(logger, ex, batch.Sum(p => p.Rows.Count));
            foreach (var pending in batch) pending.Done.TrySetException(ex);
        }
    }
}
