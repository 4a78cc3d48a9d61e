namespace Rein.Core.Storage;

/// <summary>
/// Rein's stream at one transmitter, as Rein the receiver knows it (SSF 1.0 §8.1): its id, the status the transmitter
/// last announced (stream-updated), the poll endpoint it named, and the state of the last verification asked for.
/// </summary>
public sealed class SignalStreamEntity
{
    public required string Transmitter { get; set; }
    public string? StreamId { get; set; }
    public string? PollEndpoint { get; set; }
    /// <summary><c>enabled</c>, <c>paused</c> or <c>disabled</c>, as last announced; null when never announced.</summary>
    public string? Status { get; set; }
    public string? StatusReason { get; set; }
    /// <summary>The <c>state</c> of the verification Rein asked for and has not seen yet.</summary>
    public string? PendingVerificationState { get; set; }
    /// <summary>Unix milliseconds of the last verification event that matched.</summary>
    public long? VerifiedAt { get; set; }
    public long UpdatedAt { get; set; }
}
