using Microsoft.EntityFrameworkCore;
using Rein.Core.Storage;

namespace Rein.Signals.Receiver;

/// <summary>
/// The persisted <c>jti</c> log (table <c>signal_receipts</c>): a SET is claimed before its effects are applied and
/// marked applied after, so a redelivery — even after a restart — is acknowledged with no second effect, and a SET
/// whose processing died part-way is processed again rather than lost.
/// </summary>
internal sealed class ReceiptStore(IDbContextFactory<ReinDbContext> dbFactory, TimeProvider time)
{
    /// <summary>How long a claim without "applied" is honoured before another delivery may take it over.</summary>
    private static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(1);

    /// <summary>How long receipts are kept: far longer than any transmitter keeps retrying a delivery.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    /// <summary>True when this delivery may apply the SET; false when it was (or is being) applied already.</summary>
    public async Task<bool> TryClaimAsync(string transmitter, string jwtId, string eventType, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.SignalReceipts.Add(new SignalReceiptEntity { Transmitter = transmitter, JwtId = jwtId, EventType = eventType, ReceivedAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException)
        {
            // Note: the primary key (transmitter, jti) makes the claim atomic across instances.
            await using var again = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var staleBefore = now - (long)StaleClaim.TotalMilliseconds;
            var taken = await again.SignalReceipts
                .Where(r => r.Transmitter == transmitter && r.JwtId == jwtId && r.AppliedAt == null && r.ReceivedAt < staleBefore)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.ReceivedAt, now), cancellationToken).ConfigureAwait(false);
            return taken == 1;
        }
    }

    public async Task MarkAppliedAsync(string transmitter, string jwtId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.SignalReceipts.Where(r => r.Transmitter == transmitter && r.JwtId == jwtId)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.AppliedAt, now), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives a claim back after a failure, so the transmitter's retry applies the SET.</summary>
    public async Task ReleaseAsync(string transmitter, string jwtId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.SignalReceipts.Where(r => r.Transmitter == transmitter && r.JwtId == jwtId && r.AppliedAt == null)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow().Subtract(Retention).ToUnixTimeMilliseconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.SignalReceipts.Where(r => r.ReceivedAt < before).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
