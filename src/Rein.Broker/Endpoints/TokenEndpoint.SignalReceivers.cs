using Microsoft.AspNetCore.Http;
using Rein.Broker.ClientAuthentication;
using Rein.Broker.Http;
using Rein.Core.Registry;
using Rein.Core.Revocation;

namespace Rein.Broker.Endpoints;

internal sealed partial class TokenEndpoint
{
    /// <summary>
    /// A token for Rein's SSF stream management API: audience <c>{issuer}/ssf</c>, scopes <c>ssf.manage</c> and/or
    /// <c>ssf.read</c> and nothing else, for a client declared under <c>signals.receivers</c>.
    /// </summary>
    private IResult IssueSignalReceiverToken(HttpContext context, OAuthForm form, ClientRegistration client, string? thumbprint, ClientAuthMethod method)
    {
        if (revocations.IsSuspended(SubjectKind.Client, client.Id))
        {
            return OAuthResults.Error(OAuthError.UnauthorizedClient, "the client is suspended");
        }
        var requested = form["scope"];
        if (requested is null) return OAuthResults.Error(OAuthError.InvalidScope, "scope is required: ssf.manage and/or ssf.read");
        var granted = new List<string>(2);
        foreach (var value in requested.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (value is not (SignalScopes.Manage or SignalScopes.Read))
            {
                return OAuthResults.Error(OAuthError.InvalidScope, "an SSF receiver may request only the scopes ssf.manage and ssf.read");
            }
            if (!granted.Contains(value)) granted.Add(value);
        }
        if (granted.Count == 0) return OAuthResults.Error(OAuthError.InvalidScope, "scope is required: ssf.manage and/or ssf.read");

        var audience = SignalScopes.Audience(identity.Issuer);
        var resource = form.GetAll("resource");
        if (resource.Count > 1 || (resource.Count == 1 && resource[0] != audience))
        {
            return OAuthResults.Error(OAuthError.InvalidTarget, "an SSF receiver's token is only for this issuer's stream management API");
        }
        var scope = string.Join(' ', granted);
        var sessionId = Tokens.AccessTokenIssuer.SessionIdFor(client.Id, thumbprint);
        var issued = issuer.Issue(new Tokens.AccessTokenRequest(
            client.Id, client.Id, audience, scope, "ES256", options.DefaultTokenLifetime, thumbprint, sessionId));
        RecordIssued(client.Id, "ssf", scope, issued.JwtId, sessionId, method);
        return TokenResponse(context, issued, thumbprint, scope);
    }
}
