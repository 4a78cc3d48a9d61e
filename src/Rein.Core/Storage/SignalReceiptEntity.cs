namespace Rein.Core.Storage;

/// <summary>
/// A Security Event Token Rein received, by transmitter and <c>jti</c> (RFC 8417 §2.2: unique per issuer), so a
/// redelivered SET is acknowledged without a second effect, across restarts too.
/// </summary>
public sealed class SignalReceiptEntity
{
    public required string Transmitter { get; set; }
    public required string JwtId { get; set; }
    public required string EventType { get; set; }
    /// <summary>Unix milliseconds the SET was first received.</summary>
    public long ReceivedAt { get; set; }
    /// <summary>Unix milliseconds its effects were applied; null while being processed (or if processing died).</summary>
    public long? AppliedAt { get; set; }
}
