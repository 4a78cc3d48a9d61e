using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Rein.Broker.ClientAuthentication;

namespace Rein.Broker.Http;

/// <summary>The common start of every client-authenticated OAuth endpoint: read the form, then authenticate the client.</summary>
internal static class AuthenticatedForm
{
    /// <summary>Returns the form and the authenticated client, or the RFC 6749 error to answer with.</summary>
    public static async Task<(OAuthForm? Form, ClientAuthResult? Auth, IResult? Error)> ReadAsync(
        HttpContext context, ClientAuthenticator authenticator, IReadOnlySet<string>? repeatable = null)
    {
        var (form, formError) = await OAuthForm.ReadAsync(context.Request, repeatable ?? FrozenSet<string>.Empty, context.RequestAborted).ConfigureAwait(false);
        if (form is null) return (null, null, OAuthResults.Error(OAuthError.InvalidRequest, formError!));

        var auth = await authenticator.AuthenticateAsync(context.Request, form, context.RequestAborted).ConfigureAwait(false);
        return auth.Succeeded ? (form, auth, null) : (form, auth, Failure(auth));
    }

    /// <summary>invalid_client is 401 (RFC 6749 §5.2); a malformed authentication attempt is 400.</summary>
    public static IResult Failure(ClientAuthResult auth) =>
        OAuthResults.Error(auth.Error!, auth.ErrorDescription!,
            auth.Error == OAuthError.InvalidClient ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest);
}
