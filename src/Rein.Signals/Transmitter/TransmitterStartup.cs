using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rein.Core.Events;
using Rein.Core.Keys;
using Rein.Core.Registry;
using Rein.Core.Storage;
using Rein.Signals.Transmitter.Events;
using Rein.Signals.Transmitter.Streams;

namespace Rein.Signals.Transmitter;

/// <summary>
/// Brings the transmitter up after Core: signing keys for every algorithm a receiver asked for, the streams from the
/// store into memory, and the subscription to what Rein does. Push workers start next and deliver what was waiting.
/// </summary>
internal sealed class TransmitterStartup(
    StreamStore store,
    StreamCatalog catalog,
    KeyRing keys,
    ReinRegistry registry,
    ReinEventHub events,
    EventFanout fanout,
    CredentialChangeWatcher credentials,
    IDbContextFactory<ReinDbContext> dbFactory,
    ILogger<TransmitterStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (keys.Options.SignsTokens)
        {
            var algorithms = registry.Current.Config.Signals.Receivers.Select(r => r.SigningAlgorithm).Append("ES256");
            await keys.EnsureKeysAsync(algorithms, cancellationToken).ConfigureAwait(false);
        }
        foreach (var stream in await store.LoadAllAsync(cancellationToken).ConfigureAwait(false)) catalog.Put(stream);
        events.Subscribe(fanout.OnEventAsync);
        credentials.Start();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var pending = await db.SsfOutbox.CountAsync(cancellationToken).ConfigureAwait(false);
        TransmitterLog.Ready(logger, catalog.All.Count(), pending);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
