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

    /// <summary>
    /// How long an instance's claim on a push stream lasts (renewed while it delivers). With several instances on one
    /// store, only the lease holder pushes a stream; when an instance stops without releasing its leases, another
    /// takes its streams over at most this long (plus <see cref="LeaseRetry"/>) later.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an instance that does not hold a push stream's lease tries to take it.</summary>
    public TimeSpan LeaseRetry { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// An idle push worker is woken when its own instance commits a SET for its stream, and reads the stream's outbox at
    /// least this often anyway, for SETs that other instances committed.
    /// </summary>
    public TimeSpan OutboxRescan { get; init; } = TimeSpan.FromSeconds(1);
}
