using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rein.Core.Storage;

namespace Rein.Core.Audit;

/// <summary>One audit record as read back from the store, whichever way it was stored.</summary>
public sealed record AuditRecord(string ChainId, long Sequence, long Time, string Kind, string Data, byte[] PreviousHash, byte[] Hash);

/// <summary>
/// Reads the audit trail back as records: the rows of <c>audit_records</c> (one record each, written by earlier
/// versions) and the records of each <c>audit_batches</c> row, in the order they were written.
/// </summary>
public static class AuditTrail
{
    private const int HashSize = 32;

    /// <summary>Every record of the store, oldest first (the whole trail in memory: for tests and small stores).</summary>
    public static async Task<IReadOnlyList<AuditRecord>> ReadAllAsync(IDbContextFactory<ReinDbContext> dbFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<AuditRecord>();
        foreach (var row in await db.AuditRecords.AsNoTracking().OrderBy(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new AuditRecord(row.ChainId, row.Sequence, row.Time, row.Kind, row.Data, row.PreviousHash, row.Hash));
        }
        foreach (var batch in await db.AuditBatches.AsNoTracking().OrderBy(b => b.Id).ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!TryExpand(batch, records, readFields: true, out _)) throw new InvalidDataException($"Audit batch {batch.Id} of {batch.ChainId} is malformed; run rein audit verify.");
        }
        return records;
    }

    /// <summary>
    /// Appends the records of <paramref name="batch"/> to <paramref name="records"/>. False, with what is wrong, when
    /// the batch's shape does not hold together (line count, hash list, no trailing line break); then nothing is added.
    /// Without <paramref name="readFields"/> (verification, which needs only the text and the hashes) no record's JSON
    /// is parsed: its kind is empty and its time the batch's.
    /// </summary>
    internal static bool TryExpand(AuditBatchEntity batch, List<AuditRecord> records, bool readFields, out string? problem)
    {
        var lines = batch.Data.Split('\n');
        if (batch.Count < 1 || lines.Length != batch.Count + 1 || lines[^1].Length != 0)
        {
            problem = "batch holds a different number of records than it says";
            return false;
        }
        if (batch.Hashes.Length != batch.Count * HashSize || batch.PreviousHash.Length != HashSize)
        {
            problem = "batch hash list is malformed";
            return false;
        }
        var previous = batch.PreviousHash;
        for (var i = 0; i < batch.Count; i++)
        {
            var hash = batch.Hashes.AsSpan(i * HashSize, HashSize).ToArray();
            var (kind, time) = readFields ? KindAndTime(lines[i], batch.Time) : (string.Empty, batch.Time);
            records.Add(new AuditRecord(batch.ChainId, batch.FirstSequence + i, time, kind, lines[i], previous, hash));
            previous = hash;
        }
        problem = null;
        return true;
    }

    /// <summary>A record's <c>kind</c> and <c>time</c> (Unix milliseconds) from its JSON; empty and <paramref name="fallback"/> when absent.</summary>
    private static (string Kind, long Time) KindAndTime(string json, long fallback)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (string.Empty, fallback);
            var kind = root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : string.Empty;
            var time = root.TryGetProperty("time", out var t) && t.ValueKind == JsonValueKind.String &&
                DateTimeOffset.TryParse(t.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var value)
                ? value.ToUnixTimeMilliseconds()
                : fallback;
            return (kind, time);
        }
        catch (JsonException)
        {
            return (string.Empty, fallback);
        }
    }
}
