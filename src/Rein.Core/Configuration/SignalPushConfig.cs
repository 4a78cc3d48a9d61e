namespace Rein.Core.Configuration;

/// <summary>Push delivery to Rein (yaml <c>signals.transmitters[].push</c>).</summary>
public sealed record SignalPushConfig
{
    /// <summary>
    /// The exact <c>Authorization</c> header value the transmitter must send (yaml <c>authorization</c>), e.g.
    /// <c>Bearer …</c>. Compared in constant time; never logged or echoed.
    /// </summary>
    public required string Authorization { get; init; }
}
