namespace Rein.Core.Storage;

/// <summary>
/// One hash-chained audit record. <c>Hash</c> = SHA-256(<c>PreviousHash</c> ‖ <c>Data</c>), per chain (one chain per
/// writing instance), so removing, reordering or editing a record breaks every hash after it.
/// </summary>
/// <remarks>
/// Stores written by earlier versions hold one row per record in <c>audit_records</c>; this version writes
/// <see cref="AuditBatchEntity"/> rows and reads both (<see cref="Audit.AuditTrail"/>, <see cref="Audit.AuditVerifier"/>).
/// </remarks>
public sealed class AuditRecordEntity
{
    public long Id { get; set; }
    public required string ChainId { get; set; }
    public long Sequence { get; set; }
    public long Time { get; set; }
    public required string Kind { get; set; }
    public required string Data { get; set; }
    public required byte[] PreviousHash { get; set; }
    public required byte[] Hash { get; set; }
}
