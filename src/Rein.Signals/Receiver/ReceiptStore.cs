using Microsoft.EntityFrameworkCore;
using Rein.Core.Storage;

namespace Rein.Signals.Receiver;

/// <summary>
/// The persisted <c>jti</c> log (table <c>signal_receipts</c>). A SET's receipt is written in the same transaction as
/// its effects, so either both are stored or neither: a redelivery — even after a restart — of a stored SET is
/// acknowledged with no second effect, and a SET whose transaction failed is processed again when it comes back.
/// </summary>
internal sealed class ReceiptStore(IDbContextFactory<ReinDbContext> dbFactory, TimeProvider time)
{
    /// <summary>
    /// How long a receipt without "applied" is honoured. Only older versions wrote such rows (a claim before the
    /// effects); a delivery finding one older than this takes it over, as those versions did.
    /// </summary>
    private static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(1);

    /// <summary>How long receipts are kept: far longer than any transmitter keeps retrying a delivery.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public enum Status
    {
        /// <summary>Never received: process it.</summary>
        New,

        /// <summary>Received and stored (or being processed by an older version): acknowledge, no second effect.</summary>
        Received,

        /// <summary>An older version's claim whose processing died: process it, taking the row over.</summary>
        Abandoned,
    }

    /// <summary>Whether the SET was received before (a read; nothing is written).</summary>
    public async Task<Status> CheckAsync(string transmitter, string jwtId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.SignalReceipts.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Transmitter == transmitter && r.JwtId == jwtId, cancellationToken).ConfigureAwait(false);
        if (row is null) return Status.New;
        if (row.AppliedAt is not null) return Status.Received;
        var staleBefore = time.GetUtcNow().ToUnixTimeMilliseconds() - (long)StaleClaim.TotalMilliseconds;
        return row.ReceivedAt < staleBefore ? Status.Abandoned : Status.Received;
    }

    /// <summary>
    /// Adds the receipt to <paramref name="db"/>, to be committed with the SET's effects. The primary key
    /// (transmitter, jti) makes that commit fail when another delivery of the same SET committed first.
    /// </summary>
    public void Stage(ReinDbContext db, string transmitter, string jwtId, string eventType, Status status)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var row = new SignalReceiptEntity { Transmitter = transmitter, JwtId = jwtId, EventType = eventType, ReceivedAt = now, AppliedAt = now };
        if (status == Status.Abandoned) db.SignalReceipts.Update(row);
        else db.SignalReceipts.Add(row);
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow().Subtract(Retention).ToUnixTimeMilliseconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.SignalReceipts.Where(r => r.ReceivedAt < before).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
