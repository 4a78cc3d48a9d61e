using Rein.Broker.ClientAuthentication;
using Rein.Core.Hosting;
using Rein.Core.Registry;
using Rein.Core.Tokens;

namespace Rein.Broker.Delegation;

/// <summary>
/// Checks the optional <c>actor_token</c> of a token exchange (RFC 8693 §2.1): the agent's own Rein access token or
/// its workload token (Kubernetes service account, CI OIDC, SPIFFE JWT-SVID). Either way it must identify the client
/// that authenticated the request; an actor token naming another client is refused.
/// </summary>
internal sealed class ActorTokenValidator(IssuerIdentity identity, AccessTokenValidator accessTokens, ValidatedTokenCache accessTokenCache,
    ClientAuthenticator authenticator)
{
    /// <summary>Returns null when the actor token identifies <paramref name="client"/>, or why not.</summary>
    public async Task<string?> CheckAsync(string token, string tokenType, ClientRegistration client, string requestPath, CancellationToken cancellationToken)
    {
        if (tokenType is not (TokenTypeUris.AccessToken or TokenTypeUris.Jwt))
        {
            return "actor_token_type must be access_token or jwt";
        }
        if (token.Length > SubjectTokenValidator.MaxTokenLength) return "the actor token is too large";
        if (!UnverifiedClaims.TryRead(token, SubjectTokenValidator.MaxTokenLength, out var iss, out _))
        {
            return "the actor token is not a JWT";
        }

        if (iss == identity.Issuer)
        {
            // Note: the agent presents the same token of its own as actor token again and again; it is verified once and
            // then only re-checked for revocation.
            var (own, error) = ReinTokenCheck.Validate(accessTokens, accessTokenCache, token);
            if (own is null) return "the actor token is invalid: " + error;
            // Note: the agent's own token: about itself, issued to itself, acting for nobody.
            if (own.IsDelegated || own.UserKey is not null || own.Subject != own.ClientId)
            {
                return "the actor token must be the agent's own token, not a token that acts for a person";
            }
            return own.ClientId == client.Id ? null : "the actor token names another client";
        }

        string[] audiences = [identity.Issuer, identity.TokenEndpoint, identity.Issuer + requestPath];
        var workload = await authenticator.IdentifyWorkloadAsync(token, audiences, cancellationToken).ConfigureAwait(false);
        if (!workload.Succeeded) return "the actor token is invalid: " + workload.ErrorDescription;
        return workload.Client!.Id == client.Id ? null : "the actor token names another client";
    }
}
