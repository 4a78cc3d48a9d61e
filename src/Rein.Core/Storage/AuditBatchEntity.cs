namespace Rein.Core.Storage;

/// <summary>
/// One batch of hash-chained audit records, stored as the writer produced it: the records' JSON one per line, and
/// each record's hash. The chain is per record exactly as in <see cref="AuditRecordEntity"/> — record <c>n</c>'s hash
/// is SHA-256(record <c>n − 1</c>'s hash ‖ record <c>n</c>'s JSON) — so an edited, removed or reordered record breaks
/// the chain at that record; a batch is only how the records are written (one row for up to a few hundred records,
/// which is what keeps an audit record per gateway call cheap).
/// </summary>
public sealed class AuditBatchEntity
{
    public long Id { get; set; }
    public required string ChainId { get; set; }

    /// <summary>The sequence number of the batch's first record; the others follow without gaps.</summary>
    public long FirstSequence { get; set; }
    public int Count { get; set; }

    /// <summary>The first record's time, Unix milliseconds.</summary>
    public long Time { get; set; }

    /// <summary>The records' JSON (UTF-8, no raw line breaks), each followed by one <c>'\n'</c>.</summary>
    public required string Data { get; set; }

    /// <summary>The chain's hash before the batch's first record (32 zero bytes before a chain's first record).</summary>
    public required byte[] PreviousHash { get; set; }

    /// <summary><see cref="Count"/> × 32 bytes: each record's hash, in order.</summary>
    public required byte[] Hashes { get; set; }
}
