using System.Text;
using Microsoft.EntityFrameworkCore;
using Rein.Core.Storage;

namespace Rein.Core.Audit;

/// <summary>
/// Re-computes every audit chain in the store: each record's hash must be SHA-256(previous hash ‖ data), each
/// record must point at its predecessor's hash, and sequence numbers must have no gaps. Any edit, removal or
/// reordering shows as a break at the first record it touches.
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
        return new Report(chains.Count, records, breaks);
    }
}
