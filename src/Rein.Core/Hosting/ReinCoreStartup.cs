using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rein.Core.Keys;
using Rein.Core.Registry;
using Rein.Core.Revocation;
using Rein.Core.Storage;

namespace Rein.Core.Hosting;

/// <summary>
/// Brings the store up before the server accepts requests (schema, signing keys, revocation index, delegation grants),
/// then keeps the key ring, index and grants fresh in the background.
/// </summary>
internal sealed partial class ReinCoreStartup(
    IDbContextFactory<ReinDbContext> dbFactory,
    ReinCoreOptions options,
    ReinRegistry registry,
    KeyRing keyRing,
    Transactions.TransactionKeyRing transactionKeys,
    RevocationIndex index,
    IRevocationBus bus,
    RevocationService revocations,
    Delegation.GrantCatalog grants,
    TimeProvider time,
    ILogger<ReinCoreStartup> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _background;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await StoreInitializer.InitializeAsync(dbFactory, time, cancellationToken).ConfigureAwait(false);
        bus.Subscribe(index.Apply);
        await revocations.RebuildIndexAsync(cancellationToken).ConfigureAwait(false);
        await grants.LoadAsync(cancellationToken).ConfigureAwait(false);

        if (options.Keys.SignsTokens)
        {
            var algorithms = registry.Current.Config.Tools.Select(t => t.SigningAlgorithm).Append("ES256");
            await keyRing.EnsureKeysAsync(algorithms, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await keyRing.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        await transactionKeys.RefreshAsync(cancellationToken).ConfigureAwait(false);
        LogStoreReady(logger, options.Store.Describe(), index.Count);

        _background = Task.WhenAll(
            Task.Run(() => RefreshLoopAsync(_stopping.Token), CancellationToken.None),
            Task.Run(() => CatchUpLoopAsync(_stopping.Token), CancellationToken.None));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_background is not null)
        {
            await _background.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Keys.RefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await keyRing.RefreshAsync(cancellationToken).ConfigureAwait(false);
                    await transactionKeys.RefreshAsync(cancellationToken).ConfigureAwait(false);
                    await revocations.SweepAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
                {
                    // Note: a store hiccup must not stop enforcement; memory keeps serving and the next tick retries.
                    LogRefreshFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task CatchUpLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.RevocationPollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await revocations.CatchUpAsync(cancellationToken).ConfigureAwait(false);
                    await grants.CatchUpAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
                {
                    LogRefreshFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(EventId = 1001, EventName = "StoreReady", Level = LogLevel.Information, Message = "Store ready ({Store}); {Entries} revocation entries loaded")]
    private static partial void LogStoreReady(ILogger logger, string store, int entries);

    [LoggerMessage(EventId = 1002, EventName = "RefreshFailed", Level = LogLevel.Warning, Message = "Background refresh of keys and revocations failed; will retry")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
