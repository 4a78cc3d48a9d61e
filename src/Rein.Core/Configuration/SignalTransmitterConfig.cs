namespace Rein.Core.Configuration;

/// <summary>
/// An SSF transmitter whose Security Event Tokens Rein receives (yaml <c>signals.transmitters[]</c>): who it is, how
/// its SETs are verified, how they reach Rein (push, poll or both) and what each event makes Rein do.
/// </summary>
public sealed record SignalTransmitterConfig
{
    /// <summary>Rein's name for the transmitter (yaml <c>id</c>), unique; its push endpoint is <c>/ssf/receiver/{id}</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The transmitter's issuer (yaml <c>issuer</c>): every SET's <c>iss</c> must equal it exactly.</summary>
    public required string Issuer { get; init; }

    /// <summary>The transmitter's public keys as JSON text (yaml <c>jwks</c>); exclusive with <see cref="JwksUri"/>.</summary>
    public string? JwksJson { get; init; }

    /// <summary>
    /// Where to fetch the transmitter's keys (yaml <c>jwks_uri</c>). When neither this nor <see cref="JwksJson"/> is
    /// given, Rein reads <c>jwks_uri</c> from the transmitter's <c>/.well-known/ssf-configuration</c>.
    /// </summary>
    public string? JwksUri { get; init; }

    /// <summary>The <c>aud</c> Rein requires in the transmitter's SETs (yaml <c>audience</c>).</summary>
    public required string Audience { get; init; }

    /// <summary>The signature algorithms accepted (yaml <c>algorithms</c>); default ES256 and RS256.</summary>
    public IReadOnlyList<string> Algorithms { get; init; } = ["ES256", "RS256"];

    /// <summary>Push delivery (RFC 8935) to Rein, when the transmitter pushes (yaml <c>push</c>).</summary>
    public SignalPushConfig? Push { get; init; }

    /// <summary>Poll delivery (RFC 8936) from the transmitter, when Rein polls (yaml <c>poll</c>).</summary>
    public SignalPollConfig? Poll { get; init; }

    /// <summary>Stream management at the transmitter (SSF 1.0 §8.1), when Rein creates its stream (yaml <c>stream</c>).</summary>
    public SignalStreamConfig? Stream { get; init; }

    /// <summary>
    /// Per-event overrides of what Rein does (yaml <c>actions</c>): event name (<c>session-revoked</c>,
    /// <c>account-disabled</c>, …) to <c>revoke</c>, <c>suspend</c>, <c>restrict</c> or <c>log</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Actions { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Whether Rein re-transmits this transmitter's events to its own receivers (yaml <c>retransmit</c>, default
    /// false): each received event is re-issued as a SET signed by Rein, on every stream that asked for its type and
    /// subject, so Rein can sit between an identity provider and many gateways.
    /// </summary>
    public bool Retransmit { get; init; }
}
