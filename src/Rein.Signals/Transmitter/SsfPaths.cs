namespace Rein.Signals.Transmitter;

/// <summary>Where the transmitter's endpoints live below the issuer, and the delivery method URNs (SSF 1.0 §6.1).</summary>
public static class SsfPaths
{
    public const string Configuration = "/.well-known/ssf-configuration";
    public const string Stream = "/ssf/stream";
    public const string Status = "/ssf/status";
    public const string AddSubject = "/ssf/subjects:add";
    public const string RemoveSubject = "/ssf/subjects:remove";
    public const string Verify = "/ssf/verify";

    /// <summary>The poll endpoint of one stream: <c>/ssf/poll/{stream_id}</c>, unique per stream (SSF 1.0 §6.1.2).</summary>
    public const string PollPrefix = "/ssf/poll/";

    public const string PushMethod = "urn:ietf:rfc:8935";
    public const string PollMethod = "urn:ietf:rfc:8936";

    /// <summary>The <c>spec_urn</c> of the one authorization scheme: OAuth 2.0 access tokens from Rein's broker.</summary>
    public const string OAuthScheme = "urn:ietf:rfc:6749";
}
