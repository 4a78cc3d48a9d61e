using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rein.Core.Audit;
using Rein.Core.Storage;
using Rein.Signals.Transmitter.Streams;

namespace Rein.Signals.Transmitter.Outbox;

/// <summary>
/// Runs one <see cref="PushWorker"/> per push stream, started with the stream and restarted if it fails. Every instance
/// runs a worker for every push stream; only the one holding the stream's lease pushes.
/// </summary>
internal sealed class PushDispatcher(
    StreamCatalog catalog,
    IDbContextFactory<ReinDbContext> dbFactory,
    PushClient client,
    OutboxWriter outbox,
    StreamLeases leases,
    TransmitterOptions options,
    AuditLog audit,
    TimeProvider time,
    ILogger<PushDispatcher> logger) : IHostedService
{
    private readonly ConcurrentDictionary<string, Task> _workers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        catalog.Changed += OnChanged;
        foreach (var stream in catalog.All) OnChanged(stream.StreamId, stream);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        catalog.Changed -= OnChanged;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_workers.Values).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private void OnChanged(string streamId, StreamState? state)
    {
        if (state is not { IsPush: true } || _stopping.IsCancellationRequested) return;
        if (_workers.TryGetValue(streamId, out var running) && !running.IsCompleted) return;
        _workers[streamId] = Task.Run(() => RunAsync(streamId));
    }

    private async Task RunAsync(string streamId)
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await new PushWorker(streamId, catalog, dbFactory, client, outbox, leases, options, audit, time, logger).RunAsync(_stopping.Token).ConfigureAwait(false);
                // Note: the stream may have become a push stream again while this worker was leaving; then carry on.
                if (catalog.Get(streamId) is not { IsPush: true }) return;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                // Note: a store hiccup must not end delivery for good; the rows are still there, so start over shortly.
                TransmitterLog.WorkerFailed(logger, ex, streamId);
                await Task.Delay(options.RetryBase, time, _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
