namespace Rein.Core.Registry;

/// <summary>
/// The scopes and audience of tokens for Rein's SSF stream management API (CAEP interoperability profile: scopes
/// prefixed <c>ssf</c>, <c>ssf.manage</c> for changes and <c>ssf.read</c> for reads). The broker issues them to
/// <see cref="ClientKind.SignalReceiver"/> clients; the transmitter checks them.
/// </summary>
public static class SignalScopes
{
    /// <summary>Create, update, replace and delete streams, set status, add and remove subjects, request verification, poll.</summary>
    public const string Manage = "ssf.manage";

    /// <summary>Read stream configuration and status, and poll.</summary>
    public const string Read = "ssf.read";

    /// <summary>The path below the issuer that names the management API as an audience: <c>{issuer}/ssf</c>.</summary>
    public const string AudiencePath = "/ssf";

    /// <summary>The audience (RFC 8707 resource) of stream management tokens for <paramref name="issuer"/>.</summary>
    public static string Audience(string issuer) => issuer + AudiencePath;
}
