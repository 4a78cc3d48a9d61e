using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rein.Core.Keys;
using Rein.Core.Transactions;

namespace Rein.Gateway;

/// <summary>
/// A gateway running without the broker holds no key of the key ring, yet signs a transaction token for every call: it
/// gets an instance key of its own at start (published before the first request), rotates it, and at shutdown
/// shortens its publication to the life of the tokens it signed. Does nothing beside a broker, which signs with the ring.
/// </summary>
internal sealed partial class GatewayTransactionKeys(
    TransactionKeyRing keys,
    KeyRingOptions options,
    TimeProvider time,
    ILogger<GatewayTransactionKeys> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _rotation;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (keys.UsesKeyRing) return;
        await keys.StartInstanceKeyAsync(cancellationToken).ConfigureAwait(false);
        _rotation = Task.Run(() => RotateLoopAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (keys.UsesKeyRing) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_rotation is not null) await _rotation.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            await keys.RetireInstanceKeyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or DbUpdateException or System.Data.Common.DbException or OperationCanceledException)
        {
            // Note: the key's row then stays published until its own end; its private half dies with this process anyway.
            LogRetireFailed(logger, ex);
        }
    }

    private async Task RotateLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.RefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await keys.RotateInstanceKeyAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is InvalidOperationException or DbUpdateException or System.Data.Common.DbException)
                {
                    // Note: the current key keeps signing until its period ends; the next tick tries again.
                    LogRotateFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(EventId = 3101, EventName = "TransactionKeyRotateFailed", Level = LogLevel.Warning, Message = "Publishing the gateway's next transaction-token key failed; will retry")]
    private static partial void LogRotateFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3102, EventName = "TransactionKeyRetireFailed", Level = LogLevel.Warning, Message = "Shortening the publication of the gateway's transaction-token key at shutdown failed")]
    private static partial void LogRetireFailed(ILogger logger, Exception exception);
}
