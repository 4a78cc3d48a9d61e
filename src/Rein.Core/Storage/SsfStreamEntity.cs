namespace Rein.Core.Storage;

/// <summary>An SSF event stream at Rein's transmitter (SSF 1.0 §8.1.1): who receives it, how, and its status.</summary>
public sealed class SsfStreamEntity
{
    public required string StreamId { get; set; }

    /// <summary>The <c>signals.receivers</c> client that owns the stream; only it can see or change it.</summary>
    public required string ReceiverId { get; set; }
    public required string Audience { get; set; }

    /// <summary><c>urn:ietf:rfc:8935</c> (push) or <c>urn:ietf:rfc:8936</c> (poll).</summary>
    public required string DeliveryMethod { get; set; }

    /// <summary>Push: the receiver's URL. Poll: null (the poll URL is derived from the stream id).</summary>
    public string? EndpointUrl { get; set; }

    /// <summary>The push <c>Authorization</c> value, encrypted with the master key; never returned by the API.</summary>
    public byte[]? ProtectedAuthorization { get; set; }

    /// <summary>JSON array of the event type URIs the receiver asked for, as it sent them.</summary>
    public required string EventsRequested { get; set; }
    public string? Description { get; set; }

    /// <summary>0 enabled, 1 paused, 2 disabled.</summary>
    public int Status { get; set; }
    public string? StatusReason { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    /// <summary>Unix milliseconds of the last verification request, for <c>min_verification_interval</c>.</summary>
    public long? LastVerificationAt { get; set; }
}
