namespace Rein.Core.Storage;

/// <summary>A subject a receiver added to or removed from one of its streams (SSF 1.0 §8.1.3).</summary>
public sealed class SsfStreamSubjectEntity
{
    public required string StreamId { get; set; }

    /// <summary>SHA-256 (base64url) of <see cref="Subject"/>, the key of the row.</summary>
    public required string SubjectHash { get; set; }

    /// <summary>The subject identifier as canonical JSON (members sorted, no whitespace).</summary>
    public required string Subject { get; set; }

    /// <summary>True when added (events about it are sent), false when removed (they are not).</summary>
    public bool Included { get; set; }
    public bool Verified { get; set; }
    public long ChangedAt { get; set; }
}
