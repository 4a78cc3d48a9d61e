using Microsoft.EntityFrameworkCore;
using Rein.Core.Storage;

namespace Rein.Core.Revocation;

/// <summary>
/// Writes revocations: to the store first, then onto the bus, so an entry that any gateway applied is durable and a
/// restarted gateway rebuilds the same index.
/// </summary>
public sealed class RevocationService(IDbContextFactory<ReinDbContext> dbFactory, IRevocationBus bus, RevocationIndex index, TimeProvider time,
    Events.ReinEventHub? events = null)
{
    private long _lastSequence;
    private long _watermark;
    private readonly SemaphoreSlim _catchUp = new(1, 1);

    /// <summary>
    /// Rows are re-read this far behind the newest sequence seen, because another instance's clock may lag ours;
    /// re-applying a row is harmless (it holds the subject's whole current entry).
    /// </summary>
    private const long CatchUpOverlapMs = 5_000;

    /// <summary>Kills every token of <paramref name="subject"/> issued up to now.</summary>
    public Task<RevocationEntry> RevokeAsync(SubjectKey subject, string? reason, CancellationToken cancellationToken) =>
        RevokeAsync(subject, reason, actor: null, cancellationToken);

    /// <summary>
    /// Kills every token of <paramref name="subject"/> issued up to now, on behalf of <paramref name="actor"/> (an admin
    /// client, or null for Rein itself), and tells listeners once the entry is in force.
    /// </summary>
    public async Task<RevocationEntry> RevokeAsync(SubjectKey subject, string? reason, string? actor, CancellationToken cancellationToken)
    {
        var entry = await RevokeIssuedBeforeAsync(subject, long.MaxValue, reason, cancellationToken).ConfigureAwait(false);
        if (events is { HasSubscribers: true })
        {
            await events.PublishAsync(new Events.SubjectRevoked
            {
                Subject = subject, RevokedBefore = entry.RevokedBefore, Reason = reason, Actor = actor, Time = time.GetUtcNow(),
            }, cancellationToken).ConfigureAwait(false);
        }
        return entry;
    }

    /// <summary>
    /// Kills every token of <paramref name="subject"/> issued at or before <paramref name="instantMs"/> (capped at now: a
    /// revocation never reaches into the future). A suspension or restriction already in force stays.
    /// </summary>
    public async Task<RevocationEntry> RevokeIssuedBeforeAsync(SubjectKey subject, long instantMs, string? reason, CancellationToken cancellationToken) =>
        (await WriteAsync(RevocationWrite.RevokeIssuedBefore(subject, instantMs, reason), cancellationToken).ConfigureAwait(false))!.Value;

    /// <summary>Refuses every token of <paramref name="subject"/>, old and new, until lifted.</summary>
    public async Task<RevocationEntry> SuspendAsync(SubjectKey subject, string? reason, CancellationToken cancellationToken) =>
        (await WriteAsync(RevocationWrite.Suspend(subject, reason), cancellationToken).ConfigureAwait(false))!.Value;

    /// <summary>Lifts a suspension. Tokens issued before now stay dead.</summary>
    public async Task<RevocationEntry> LiftAsync(SubjectKey subject, string? reason, CancellationToken cancellationToken) =>
        (await WriteAsync(RevocationWrite.Lift(subject, reason), cancellationToken).ConfigureAwait(false))!.Value;

    /// <summary>
    /// Restricts every live token of <paramref name="subject"/> with <paramref name="effect"/> until lifted; tokens
    /// already dead stay dead. A suspension in force is never weakened into a restriction. Returns the entry in force.
    /// </summary>
    public Task<RevocationEntry?> RestrictAsync(SubjectKey subject, RevocationEffect effect, string? reason, CancellationToken cancellationToken) =>
        WriteAsync(RevocationWrite.Restrict(subject, effect, reason), cancellationToken);

    /// <summary>
    /// Lifts a restriction of <paramref name="effect"/> (another restriction, or a suspension, stays). Tokens that were
    /// dead stay dead. Returns the new entry, or null when there was nothing of that effect to lift.
    /// </summary>
    public Task<RevocationEntry?> LiftRestrictionAsync(SubjectKey subject, RevocationEffect effect, string? reason, CancellationToken cancellationToken) =>
        WriteAsync(RevocationWrite.LiftRestriction(subject, effect, reason), cancellationToken);

    /// <summary>
    /// Applies <paramref name="write"/> to this instance's index at once, before anything is stored, when the result
    /// only tightens what the index holds for the subject (<see cref="RevocationEntry.IsAtLeastAsStrictAs"/>); returns
    /// whether the index now reflects the write. Nothing else sees the entry until the caller stores it (<see cref="StageAsync"/>, commit) and
    /// publishes it (<see cref="PublishAsync"/>), so every other instance still learns it store first, then bus.
    /// </summary>
    /// <remarks>
    /// Note: this is safe only because it tightens. If the store write then fails, this instance refuses a little more
    /// than the store says until the change is written again (a redelivered signal) or the index is rebuilt from the
    /// store; it never lets through a token the store would refuse.
    /// </remarks>
    public bool TryTightenLocally(RevocationWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        RevocationEntry? current = index.TryGet(write.Subject, out var entry) ? entry : null;
        if (write.Merge(current, now) is not { } merged) return true; // Nothing to change: the index already holds it.
        if (!merged.IsAtLeastAsStrictAs(current)) return false;
        // Note: sequence 0 leaves the index's newest sequence alone; the stored change carries the real one.
        index.Apply(new RevocationChange(write.Subject, merged, 0));
        return true;
    }

    /// <summary>
    /// Writes <paramref name="writes"/> into <paramref name="db"/> (tracked, not saved): each merged with the subject's
    /// stored entry, in order. The caller commits them together with whatever else belongs to the same change, then
    /// calls <see cref="PublishAsync"/>. Writes that change nothing are left out.
    /// </summary>
    public async Task<IReadOnlyList<StagedRevocation>> StageAsync(ReinDbContext db, IEnumerable<RevocationWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(writes);
        var staged = new List<StagedRevocation>();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var write in writes)
        {
            ArgumentException.ThrowIfNullOrEmpty(write.Subject.Id);
            // Note: FindAsync returns the tracked row when an earlier write of this batch touched the same subject.
            var row = await db.Revocations.FindAsync([(int)write.Subject.Kind, write.Subject.Id], cancellationToken).ConfigureAwait(false);
            var old = row is null ? (RevocationEntry?)null : ToEntry(row);
            if (write.Merge(old, now) is not { } merged) continue;
            // A subject's sequence only grows, even when another instance (another clock) wrote the row last: the
            // index ignores a change older than the one it holds for the subject.
            var sequence = NextSequence(row is null ? now : Math.Max(now, row.Sequence + 1));
            if (row is null)
            {
                row = new RevocationEntity { Kind = (int)write.Subject.Kind, SubjectId = write.Subject.Id };
                db.Revocations.Add(row);
            }
            row.RevokedBefore = merged.RevokedBefore;
            row.Until = merged.Until == RevocationEntry.Forever ? null : merged.Until;
            row.Suspended = merged.Suspended;
            row.Effect = (int)merged.Effect;
            row.Reason = write.Reason is { Length: > 512 } reason ? reason[..512] : write.Reason;
            row.Sequence = sequence;
            staged.Add(new StagedRevocation(old, new RevocationChange(write.Subject, merged, sequence)));
        }
        return staged;
    }

    /// <summary>Publishes committed entries on the bus (every gateway's index, this one's included).</summary>
    public async Task PublishAsync(IReadOnlyList<StagedRevocation> committed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(committed);
        foreach (var item in committed) await bus.PublishAsync(item.Change, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The entry in force for <paramref name="subject"/> in this instance's index, if any.</summary>
    public RevocationEntry? Current(SubjectKey subject) => index.TryGet(subject, out var entry) ? entry : null;

    /// <summary>Loads every entry from the store into the index (start-up, or after falling behind).</summary>
    public async Task RebuildIndexAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var rows = await db.Revocations.AsNoTracking().Where(r => r.Until == null || r.Until > now)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            index.Apply(new RevocationChange(new SubjectKey((SubjectKind)row.Kind, row.SubjectId), ToEntry(row), row.Sequence));
            _lastSequence = Math.Max(_lastSequence, row.Sequence);
        }
        Interlocked.Exchange(ref _watermark, _lastSequence);
        index.MarkSynced(now);
    }

    /// <summary>
    /// Applies entries other instances wrote since the last catch-up. This is how a gateway running apart from the
    /// broker learns of revocations without a shared bus, and how any instance recovers from a missed bus message.
    /// </summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await _catchUp.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var from = Interlocked.Read(ref _watermark) - CatchUpOverlapMs;
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var rows = await db.Revocations.AsNoTracking().Where(r => r.Sequence > from)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var highest = Interlocked.Read(ref _watermark);
            foreach (var row in rows)
            {
                index.Apply(new RevocationChange(new SubjectKey((SubjectKind)row.Kind, row.SubjectId), ToEntry(row), row.Sequence));
                highest = Math.Max(highest, row.Sequence);
            }
            Interlocked.Exchange(ref _watermark, highest);
            index.MarkSynced(now);
        }
        finally
        {
            _catchUp.Release();
        }
    }

    /// <summary>
    /// Whether the index is known to be at most <paramref name="bound"/> behind the store. When it is older, one
    /// caller at a time tries a catch-up (bounded by a short timeout); everyone else is told no, so a store outage
    /// makes high-risk calls fail closed instead of piling onto the store.
    /// </summary>
    public async ValueTask<bool> EnsureFreshAsync(TimeSpan bound, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (now - index.LastSyncedAt <= (long)bound.TotalMilliseconds) return true;
        if (_catchUp.CurrentCount == 0) return false;
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(TimeSpan.FromSeconds(2));
            await CatchUpAsync(cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or System.Data.Common.DbException)
        {
            return false;
        }
    }

    /// <summary>Forgets entries that can no longer match a live token, in the store and in memory.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.Revocations.Where(r => !r.Suspended && r.Until != null && r.Until <= now)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        return index.Sweep(now);
    }

    /// <summary>Merges the subject's stored entry with the write (null: no change) and stores, then publishes, the result.</summary>
    private async Task<RevocationEntry?> WriteAsync(RevocationWrite write, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var staged = await StageAsync(db, [write], cancellationToken).ConfigureAwait(false);
        if (staged.Count == 0)
        {
            var row = await db.Revocations.FindAsync([(int)write.Subject.Kind, write.Subject.Id], cancellationToken).ConfigureAwait(false);
            return row is null ? null : ToEntry(row);
        }
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await PublishAsync(staged, cancellationToken).ConfigureAwait(false);
        return staged[0].Entry;
    }

    private long NextSequence(long now)
    {
        long last, next;
        do
        {
            last = Interlocked.Read(ref _lastSequence);
            next = Math.Max(now, last + 1);
        }
        while (Interlocked.CompareExchange(ref _lastSequence, next, last) != last);
        return next;
    }

    private static RevocationEntry ToEntry(RevocationEntity row) =>
        new(row.RevokedBefore, row.Until ?? RevocationEntry.Forever, row.Suspended, (RevocationEffect)row.Effect);
}
