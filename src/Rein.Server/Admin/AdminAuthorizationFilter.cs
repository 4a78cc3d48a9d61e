using Microsoft.AspNetCore.Http;
using Rein.Core.Hosting;
using Rein.Core.Registry;
using Rein.Core.Tokens;

namespace Rein.Server.Admin;

/// <summary>
/// Every admin endpoint requires a broker-issued token for this issuer's admin audience, carrying <c>rein:admin</c>,
/// held by a client declared under <c>admins:</c>, and (for bound tokens) a DPoP proof for this exact request.
/// </summary>
internal sealed class AdminAuthorizationFilter(ProtectedResourceAuthenticator authenticator, IssuerIdentity identity, ReinRegistry registry) : IEndpointFilter
{
    public const string Scope = "rein:admin";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        // Note: htu is checked against the issuer's own URL, never the Host header a client controls.
        var requestUri = new Uri(identity.Issuer + http.Request.PathBase + http.Request.Path);
        var result = authenticator.Authenticate(http.Request, identity.Issuer + "/admin", requestUri, allowBearer: true);
        if (!result.Succeeded)
        {
            http.Response.Headers.WWWAuthenticate = result.Challenge;
            return Results.Problem(statusCode: result.Status, title: "Authentication required",
                detail: result.Error is null ? "Present an admin access token." : "The admin access token or its proof was refused.");
        }

        var token = result.Token!;
        var isAdmin = registry.Current.Clients.TryGetValue(token.ClientId, out var client) && client.Kind == ClientKind.Admin;
        if (!isAdmin || !token.Scopes.Contains(Scope))
        {
            http.Response.Headers.WWWAuthenticate = $"DPoP error=\"insufficient_scope\", scope=\"{Scope}\"";
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "The token does not grant rein:admin.");
        }
        http.Items[typeof(AccessToken)] = token;
        return await next(context).ConfigureAwait(false);
    }
}
