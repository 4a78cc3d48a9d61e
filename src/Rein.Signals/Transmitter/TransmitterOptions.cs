namespace Rein.Signals.Transmitter;

/// <summary>How the SSF transmitter delivers: retry pacing, poll windows, limits. Defaults suit production.</summary>
public sealed record TransmitterOptions
{
    /// <summary>The first push retry waits about this long; each further attempt doubles it (with jitter).</summary>
    public TimeSpan RetryBase { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>No push retry waits longer than this; a receiver that stays down is retried at this pace, never dropped.</summary>
    public TimeSpan RetryCap { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one push may take before it counts as failed.</summary>
    public TimeSpan PushTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a long poll (RFC 8936 <c>returnImmediately: false</c>) waits for a SET before answering empty.</summary>
    public TimeSpan LongPollTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A SET handed to a poll and not acknowledged is handed out again after this long.</summary>
    public TimeSpan PollRedelivery { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this many SETs in one poll response, whatever <c>maxEvents</c> asks.</summary>
    public int MaxEventsPerPoll { get; init; } = 100;

    /// <summary>SSF <c>min_verification_interval</c>: verification requests closer together are answered 429.</summary>
    public TimeSpan MinVerificationInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many SETs of one stream a push worker loads from the outbox at a time.</summary>
    public int PushBatchSize { get; init; } = 256;
}
