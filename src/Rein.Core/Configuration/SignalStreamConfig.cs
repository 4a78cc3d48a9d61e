namespace Rein.Core.Configuration;

/// <summary>
/// Creating Rein's stream at the transmitter (yaml <c>signals.transmitters[].stream</c>, SSF 1.0 §8.1.1): Rein
/// creates it once, remembers its id in the store, and asks for a verification event.
/// </summary>
public sealed record SignalStreamConfig
{
    /// <summary>
    /// The transmitter's configuration endpoint (yaml <c>endpoint</c>); default: <c>configuration_endpoint</c> from
    /// its <c>/.well-known/ssf-configuration</c>.
    /// </summary>
    public string? Endpoint { get; init; }

    /// <summary>The <c>Authorization</c> header value for the management API (yaml <c>authorization</c>); never logged.</summary>
    public required string Authorization { get; init; }

    /// <summary>Rein's public base URL as the transmitter reaches it, for the push <c>endpoint_url</c> (yaml <c>push_url</c>).</summary>
    public string? PushUrl { get; init; }
}
