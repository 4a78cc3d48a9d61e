namespace Rein.Core.Configuration;

/// <summary>An SSF receiver allowed to create and manage event streams at Rein's transmitter.</summary>
public sealed record SignalReceiverConfig
{
    /// <summary>The client id (yaml <c>id</c>); one namespace with agents and admins.</summary>
    public required string Id { get; init; }

    /// <summary>How the receiver authenticates to the broker (yaml <c>credentials</c>): private_key_jwt or workload.</summary>
    public IReadOnlyList<CredentialConfig> Credentials { get; init; } = [];

    /// <summary>Whether its token requests must carry a DPoP proof (yaml <c>require_dpop</c>, default true).</summary>
    public bool RequireDpop { get; init; } = true;

    /// <summary>
    /// The <c>aud</c> of every SET on this receiver's streams (yaml <c>audience</c>); defaults to the client id.
    /// </summary>
    public string? Audience { get; init; }

    /// <summary>The JWS algorithm SETs for this receiver are signed with (yaml <c>signing_alg</c>): ES256 (default) or RS256.</summary>
    public string SigningAlgorithm { get; init; } = "ES256";

    /// <summary>
    /// URL prefixes the receiver may name as a push <c>endpoint_url</c> (yaml <c>push_endpoints</c>). Empty means the
    /// receiver can only poll: Rein never posts to an address the configuration did not name.
    /// </summary>
    public IReadOnlyList<string> PushEndpoints { get; init; } = [];

    /// <summary>How many streams the receiver may hold at once (yaml <c>max_streams</c>, default 10).</summary>
    public int MaxStreams { get; init; } = 10;

    /// <summary>The audience used when none is configured.</summary>
    public string EffectiveAudience => Audience ?? Id;
}
