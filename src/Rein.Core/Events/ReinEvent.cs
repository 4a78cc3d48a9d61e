namespace Rein.Core.Events;

/// <summary>
/// Something Rein did that others may need to hear about: an agent stopped or started, a subject's tokens revoked, a
/// signing key rotated, an anomaly found. Published on <see cref="ReinEventHub"/>; the SSF transmitter turns each into
/// Security Event Tokens. Holds identifiers only, never token text.
/// </summary>
public abstract record ReinEvent
{
    /// <summary>When it happened.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Why, in words meant for an administrator.</summary>
    public string? Reason { get; init; }

    /// <summary>The admin client that did it, or null when Rein did it on its own (policy, anomaly, a received signal).</summary>
    public string? Actor { get; init; }

    /// <summary>
    /// The <c>txn</c> of the received Security Event Token that made Rein do it, if any: the SETs Rein sends about it
    /// carry the same <c>txn</c>, so receivers can tell they are one change (RFC 8417 §2.2) and a loop can be seen.
    /// </summary>
    public string? Transaction { get; init; }
}
