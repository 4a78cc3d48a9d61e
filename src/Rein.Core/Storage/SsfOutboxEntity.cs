namespace Rein.Core.Storage;

/// <summary>
/// A signed SET waiting for its stream: pushed (RFC 8935) or handed to a poll (RFC 8936), and removed only once the
/// receiver accepted or acknowledged it. Rows of one stream are delivered in <see cref="Id"/> order.
/// </summary>
public sealed class SsfOutboxEntity
{
    public long Id { get; set; }
    public required string StreamId { get; set; }
    public required string Jti { get; set; }
    public required string EventType { get; set; }

    /// <summary>The compact JWS, signed once when the event happened; redeliveries send the same bytes.</summary>
    public required string Set { get; set; }

    /// <summary>A stream-control event (<c>stream-updated</c>) that is delivered even while the stream is paused or disabled.</summary>
    public bool Control { get; set; }
    public long CreatedAt { get; set; }

    /// <summary>Unix milliseconds before which the row is not (re)sent: retry backoff, or a poll's redelivery window.</summary>
    public long NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}
