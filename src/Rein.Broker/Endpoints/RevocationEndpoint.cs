using Microsoft.AspNetCore.Http;
using Rein.Broker.ClientAuthentication;
using Rein.Broker.Http;
using Rein.Core.Registry;
using Rein.Core.Revocation;
using Rein.Core.Tokens;

namespace Rein.Broker.Endpoints;

/// <summary>
/// <c>POST /oauth/revoke</c> (RFC 7009). A client may revoke the tokens issued to it; an admin, any token. The token
/// is revoked by its <c>jti</c> in the revocation index, so every gateway refuses it from the next request on.
/// </summary>
internal sealed class RevocationEndpoint(ClientAuthenticator authenticator, AccessTokenValidator validator, RevocationService revocations)
{
    public const string Path = "/oauth/revoke";

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var (form, auth, error) = await AuthenticatedForm.ReadAsync(context, authenticator).ConfigureAwait(false);
        if (error is not null) return error;

        var token = form!["token"];
        if (token is null) return OAuthResults.Error(OAuthError.InvalidRequest, "token is required");
        var hint = form["token_type_hint"];
        if (hint is not null && hint != "access_token" && hint != "refresh_token")
        {
            return OAuthResults.Error(OAuthError.UnsupportedTokenType, "only access tokens are issued here");
        }

        OAuthResults.SetNoStore(context.Response);
        // RFC 7009 §2.2: an invalid, expired or already revoked token is answered with 200 all the same.
        var validation = token.Length <= AccessTokenValidator.MaxTokenLength ? validator.Validate(token, audience: null) : null;
        if (validation?.Token is not { } accessToken) return Results.Ok();

        var client = auth!.Client!;
        if (client.Kind != ClientKind.Admin && !string.Equals(accessToken.ClientId, client.Id, StringComparison.Ordinal))
        {
            return OAuthResults.Error(OAuthError.UnauthorizedClient, "the token was not issued to this client");
        }
        await revocations.RevokeAsync(new SubjectKey(SubjectKind.Token, accessToken.JwtId), $"revoked by client {client.Id}",
            context.RequestAborted).ConfigureAwait(false);
        return Results.Ok();
    }
}
