namespace Rein.Core.Configuration;

/// <summary>Poll delivery from the transmitter (yaml <c>signals.transmitters[].poll</c>, RFC 8936).</summary>
public sealed record SignalPollConfig
{
    /// <summary>The transmitter's poll endpoint (yaml <c>endpoint</c>); may come from stream creation instead.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The <c>Authorization</c> header value Rein sends (yaml <c>authorization</c>); never logged.</summary>
    public required string Authorization { get; init; }

    /// <summary>How long to wait before polling again after a failure or an empty immediate answer (yaml <c>interval</c>).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The most SETs asked for per poll (yaml <c>max_events</c>, 1–1000).</summary>
    public int MaxEvents { get; init; } = 100;
}
