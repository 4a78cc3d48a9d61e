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
                    Check(chain, row.Sequence, row.Data, row.PreviousHash, row.Hash, ref previous, ref expected, breaks);
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

    /// <summary>
    /// The checks on one record, however it was stored: it follows the record before in sequence and in hash, and its
    /// hash is that of its content. Moves <paramref name="previous"/> and <paramref name="expected"/> on past it.
    /// </summary>
    private static void Check(string chain, long sequence, string data, byte[] previousHash, byte[] hash, ref byte[] previous, ref long expected, List<Break> breaks)
    {
        if (sequence != expected) breaks.Add(new Break(chain, sequence, $"sequence gap: expected {expected}"));
        if (!previousHash.AsSpan().SequenceEqual(previous)) breaks.Add(new Break(chain, sequence, "previous hash does not match the record before"));
        if (!AuditLog.ChainHash(previousHash, Encoding.UTF8.GetBytes(data)).AsSpan().SequenceEqual(hash))
        {
            breaks.Add(new Break(chain, sequence, "hash does not match the record's content"));
        }
        previous = hash;
        expected = sequence + 1;
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
                if (!AuditTrail.TryExpand(batch, expanded, readFields: false, out var problem))
                {
                    breaks.Add(new Break(chain, batch.FirstSequence, problem!));
                    expected = batch.FirstSequence + Math.Max(batch.Count, 1);
                    continue;
                }
                foreach (var record in expanded)
                {
                    records++;
                    Check(chain, record.Sequence, record.Data, record.PreviousHash, record.Hash, ref previous, ref expected, breaks);
                }
            }
            if (page.Count < Page) break;
        }
        return records;
    }
}
