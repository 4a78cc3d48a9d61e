namespace Rein.Core.Storage;

/// <summary>
/// Which Rein instance delivers an SSF push stream, and until when. An instance pushes a stream's SETs only while it
/// holds the stream's unexpired lease, so several instances on one store never push the same SET, and per-stream order
/// holds; a crashed instance's lease expires and another instance takes the stream over.
/// </summary>
public sealed class SsfStreamLeaseEntity
{
    public required string StreamId { get; set; }

    /// <summary>The holding instance's random id (new on every start).</summary>
    public required string Owner { get; set; }

    /// <summary>Unix milliseconds after which another instance may take the lease.</summary>
    public long ExpiresAt { get; set; }
}
