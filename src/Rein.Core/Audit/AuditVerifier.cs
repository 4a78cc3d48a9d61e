using System.Text;
using Microsoft.EntityFrameworkCore;
using Rein.Core.Storage;

namespace Rein.Core.Audit;

/// <summary>
/// Re-computes every audit chain in the store, whether its records are stored one per row (earlier versions) or in
/// batches: each record's hash must be SHA-256(previous hash ‖ data), each record must point at its predecessor's
/// hash, and sequence numbers must have no gaps. Any edit, removal or reordering shows as a break at the first record
/// it touches.
/// </summary>
public static class AuditVerifier
{
    public sealed record Break(string ChainId, long Sequence, string Problem);

    public sealed record Report(int Chains, long Records, IReadOnlyList<Break> Breaks)
    {
        public bool Intact => Breaks.Count == 0;
    }

    public static async Task<Report> VerifyAsync(IDbContextFactory<ReinDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var chains = await db.AuditRecords.Select(r => r.ChainId).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
        var breaks = new List<Break>();
        long records = 0;
        foreach (var chain in chains)
        {
            var previous = new byte[32];
            long expected = 1;
            // Note: read in pages so a long chain does not need to fit in memory.
            const int Page = 5_000;
            long after = 0;
            while (true)
            {
                var page = await db.AuditRecords.AsNoTracking()
                    .Where(r => r.ChainId == chain && r.Sequence > after)
                    .OrderBy(r => r.Sequence).Take(Page)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
                foreach (var row in page)
                {
                    records++;
                    if (row.Sequence != expected) breaks.Add(new Break(chain, row.Sequence, $"sequence gap: expected {expected}"));
                    if (!row.PreviousHash.AsSpan().SequenceEqual(previous)) breaks.Add(new Break(chain, row.Sequence, "previous hash does not match the record before"));
                    if (!AuditLog.ChainHash(row.PreviousHash, Encoding.UTF8.GetBytes(row.Data)).AsSpan().SequenceEqual(row.Hash))
                    {
                        breaks.Add(new Break(chain, row.Sequence, "hash does not match the record's content"));
                    }
                    previous = row.Hash;
                    expected = row.Sequence + 1;
                    after = row.Sequence;
                }
                if (page.Count < Page) break;
            }
        }
        var batchChains = await db.AuditBatches.Select(b => b.ChainId).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chain in batchChains)
        {
            records += await VerifyBatchesAsync(db, chain, breaks, cancellationToken).ConfigureAwait(false);
        }
        return new Report(chains.Count + batchChains.Count, records, breaks);
    }

    /// <summary>One chain written in batches: the same checks per record, and each batch must continue the last.</summary>
    private static async Task<long> VerifyBatchesAsync(ReinDbContext db, string chain, List<Break> breaks, CancellationToken cancellationToken)
    {
        var previous = new byte[32];
        long expected = 1;
        long records = 0;
        long after = 0;
        var expanded = new List<AuditRecord>();
        // Note: read in pages of batches so a long chain does not need to fit in memory.
        const int Page = 50;
        while (true)
        {
            var page = await db.AuditBatches.AsNoTracking()
                .Where(b => b.ChainId == chain && b.FirstSequence > after)
                .OrderBy(b => b.FirstSequence).Take(Page)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var batch in page)
            {
                after = batch.FirstSequence;
                expanded.Clear();
                if (!AuditTrail.TryExpand(batch, expanded, out var problem))
                {
                    breaks.Add(new Break(chain, batch.FirstSequence, problem!));
                    expected = batch.FirstSequence + Math.Max(batch.Count, 1);
                    continue;
                }
                foreach (var record in expanded)
                {
                    records++;
                    if (record.Sequence != expected) breaks.Add(new Break(chain, record.Sequence, $"sequence gap: expected {expected}"));
                    if (!record.PreviousHash.AsSpan().SequenceEqual(previous)) breaks.Add(new Break(chain, record.Sequence, "previous hash does not match the record before"));
                    if (!AuditLog.ChainHash(record.PreviousHash, Encoding.UTF8.GetBytes(record.Data)).AsSpan().SequenceEqual(record.Hash))
                    {
                        breaks.Add(new Break(chain, record.Sequence, "hash does not match the record's content"));
                    }
                    previous = record.Hash;
                    expected = record.Sequence + 1;
                }
            }
            if (page.Count < Page) break;
        }
        return records;
    }
}
