using Microsoft.AspNetCore.Http;
using Rein.Core.Hosting;
using Rein.Core.Registry;
using Rein.Core.Tokens;

namespace Rein.Signals.Transmitter.Management;

/// <summary>
/// Authenticates a call to the stream management or poll API: a broker-issued access token for <c>{issuer}/ssf</c>
/// in the Authorization header (DPoP with a proof for this request, or Bearer for an unbound token — RFC 6750 §2.1,
/// never the query string of §2.3), held by a client declared under <c>signals.receivers</c>, carrying
/// <c>ssf.manage</c> for changes or <c>ssf.read</c>/<c>ssf.manage</c> for reads.
/// </summary>
internal sealed class ReceiverAuthorization(ProtectedResourceAuthenticator authenticator, IssuerIdentity identity, ReinRegistry registry)
{
    public ReceiverAccess Authorize(HttpContext http, bool change)
    {
        var request = http.Request;
        if (request.Query.ContainsKey("access_token"))
        {
            // The CAEP interoperability profile forbids tokens in the query; refuse rather than ignore, so the
            // client learns its token is leaking into logs and histories.
            return Deny(ManagementResults.BadRequest("Access tokens are accepted only in the Authorization header."));
        }
        // Note: htu is checked against the issuer's own URL, never the Host header a client controls.
        var requestUri = new Uri(identity.Issuer + request.PathBase + request.Path);
        var result = authenticator.Authenticate(request, SignalScopes.Audience(identity.Issuer), requestUri, allowBearer: true);
        if (!result.Succeeded)
        {
            http.Response.Headers.WWWAuthenticate = result.Challenge;
            return Deny(ManagementResults.Problem(result.Status, result.Status == StatusCodes.Status400BadRequest ? "Invalid request" : "Authentication required",
                result.Error is null ? "Present an access token for this issuer's stream management API." : "The access token or its proof was refused."));
        }

        var token = result.Token!;
        var required = change ? SignalScopes.Manage : SignalScopes.Read;
        var isReceiver = registry.Current.Clients.TryGetValue(token.ClientId, out var client) && client.Kind == ClientKind.SignalReceiver;
        var scoped = token.Scopes.Contains(SignalScopes.Manage) || (!change && token.Scopes.Contains(SignalScopes.Read));
        if (!isReceiver || !scoped)
        {
            http.Response.Headers.WWWAuthenticate = $"{(token.IsDPoPBound ? "DPoP" : "Bearer")} error=\"insufficient_scope\", scope=\"{required}\"";
            return Deny(ManagementResults.Problem(StatusCodes.Status403Forbidden, "Forbidden", $"The token does not grant {required} to a declared SSF receiver."));
        }
        return new ReceiverAccess(client!.SignalReceiver, null);
    }

    private static ReceiverAccess Deny(IResult failure) => new(null, failure);
}
