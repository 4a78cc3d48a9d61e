using Microsoft.EntityFrameworkCore;
using Rein.Core.Storage;

namespace Rein.Signals.Receiver;

/// <summary>Rein's stream at each transmitter, as stored in <c>signal_streams</c>.</summary>
internal sealed class StreamStateStore(IDbContextFactory<ReinDbContext> dbFactory, TimeProvider time)
{
    public async Task<SignalStreamEntity?> GetAsync(string transmitter, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.SignalStreams.AsNoTracking().FirstOrDefaultAsync(s => s.Transmitter == transmitter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes the stream's row in <paramref name="db"/> (tracked, not saved): committed with the SET that caused it.</summary>
    public async Task StageAsync(ReinDbContext db, string transmitter, Action<SignalStreamEntity> change, CancellationToken cancellationToken)
    {
        var row = await db.SignalStreams.FindAsync([transmitter], cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = new SignalStreamEntity { Transmitter = transmitter };
            db.SignalStreams.Add(row);
        }
        change(row);
        row.UpdatedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
    }

    public async Task UpdateAsync(string transmitter, Action<SignalStreamEntity> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await StageAsync(db, transmitter, change, cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }
}
