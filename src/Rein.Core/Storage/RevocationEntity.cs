namespace Rein.Core.Storage;

/// <summary>A persisted revocation index entry (DESIGN §4). One row per subject, merged on write.</summary>
public sealed class RevocationEntity
{
    public int Kind { get; set; }
    public required string SubjectId { get; set; }
    /// <summary>Unix milliseconds: tokens of this subject issued at or before this instant are dead.</summary>
    public long RevokedBefore { get; set; }
    /// <summary>Unix milliseconds after which the entry can be dropped; null while suspended (open-ended).</summary>
    public long? Until { get; set; }
    public bool Suspended { get; set; }
    public int Effect { get; set; }
    public string? Reason { get; set; }
    /// <summary>Unix milliseconds of the last change; lets a gateway catch up on what it missed.</summary>
    public long Sequence { get; set; }
}
