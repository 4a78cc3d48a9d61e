using System.Text;
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
            if (!TryExpand(batch, records, out _)) throw new InvalidDataException($"Audit batch {batch.Id} of {batch.ChainId} is malformed; run rein audit verify.");
        }
        return records;
    }

    /// <summary>
    /// Appends the records of <paramref name="batch"/> to <paramref name="records"/>. False, with what is wrong, when
    /// the batch's shape does not hold together (line count, hash list, no trailing line break); then nothing is added.
    /// </summary>
    internal static bool TryExpand(AuditBatchEntity batch, List<AuditRecord> records, out string? problem)
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
            records.Add(new AuditRecord(batch.ChainId, batch.FirstSequence + i, i == 0 ? batch.Time : TimeOf(lines[i], batch.Time), KindOf(lines[i]), lines[i], previous, hash));
            previous = hash;
        }
        problem = null;
        return true;
    }

    private static string KindOf(string json) => Member(json, "kind") is { ValueKind: JsonValueKind.String } kind ? kind.GetString()! : string.Empty;

    private static long TimeOf(string json, long fallback) =>
        Member(json, "time") is { ValueKind: JsonValueKind.String } time && DateTimeOffset.TryParse(time.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value.ToUnixTimeMilliseconds()
            : fallback;

    private static JsonElement? Member(string json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(json));
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value) ? value.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
