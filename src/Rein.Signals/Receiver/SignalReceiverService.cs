using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Rein.Signals.Receiver;

/// <summary>
/// The receiver's background work: creates streams where configured, runs one <see cref="PollClient"/> loop per
/// polled transmitter, and forgets receipts past their retention once a day.
/// </summary>
internal sealed partial class SignalReceiverService(SignalReceiver receiver, PollClient poller, StreamManager manager, ReceiptStore receipts, StreamStateStore streams,
    TimeProvider time, ILogger<SignalReceiverService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = new List<Task>();
        foreach (var transmitter in receiver.Transmitters)
        {
            if (transmitter.Config.Poll is not null)
            {
                loops.Add(Task.Run(() => poller.RunAsync(transmitter, ct => EnsureStreamAsync(transmitter, ct), stoppingToken), CancellationToken.None));
            }
            else if (transmitter.Config.Stream is not null)
            {
                loops.Add(Task.Run(() => EnsureStreamLoopAsync(transmitter, stoppingToken), CancellationToken.None));
            }
        }
        loops.Add(SweepLoopAsync(stoppingToken));
        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    private async Task<Uri?> EnsureStreamAsync(Transmitter transmitter, CancellationToken cancellationToken)
    {
        try
        {
            return await manager.EnsureStreamAsync(transmitter, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or System.Data.Common.DbException
            or Microsoft.EntityFrameworkCore.DbUpdateException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Note: the transmitter or the store may be down, or the issuer not yet known while Kestrel binds; retry later.
            LogStreamUnavailable(logger, transmitter.Id);
            return null;
        }
    }

    /// <summary>For push-only transmitters: create the stream, retrying until it exists.</summary>
    private async Task EnsureStreamLoopAsync(Transmitter transmitter, CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await EnsureStreamAsync(transmitter, stoppingToken).ConfigureAwait(false);
                if ((await streams.GetAsync(transmitter.Id, stoppingToken).ConfigureAwait(false))?.StreamId is not null) return;
                await Task.Delay(TimeSpan.FromSeconds(30), time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SweepLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromDays(1), time);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await receipts.SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
                {
                    LogSweepFailed(logger);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 5131, EventName = "StreamUnavailable", Level = LogLevel.Warning, Message = "Transmitter {Transmitter} could not be reached to set up Rein's stream; will retry")]
    private static partial void LogStreamUnavailable(ILogger logger, string transmitter);

    [LoggerMessage(EventId = 5132, EventName = "ReceiptSweepFailed", Level = LogLevel.Warning, Message = "Forgetting old SET receipts failed; will retry")]
    private static partial void LogSweepFailed(ILogger logger);
}
