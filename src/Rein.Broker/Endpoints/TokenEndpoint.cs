using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Rein.Broker.ClientAuthentication;
using Rein.Broker.Delegation;
using Rein.Broker.Http;
using Rein.Broker.Tokens;
using Rein.Core.Hosting;
using Rein.Core.Registry;
using Rein.Core.Revocation;

namespace Rein.Broker.Endpoints;

/// <summary>
/// <c>POST /oauth/token</c> (RFC 6749 §3.2): client credentials, and token exchange (RFC 8693). Order of checks: form, grant type, DPoP proof (cheap, and a nonce
/// miss must not burn the client's single-use assertion), client authentication, then the grant itself.
/// </summary>
internal sealed partial class TokenEndpoint(
    ClientAuthenticator authenticator,
    DPoPCheck dpop,
    AccessTokenIssuer issuer,
    IssuerIdentity identity,
    ReinRegistry registry,
    RevocationIndex revocations,
    BrokerOptions options,
    Rein.Core.Audit.AuditLog audit,
    Rein.Core.Policies.PolicyEngine policies,
    Rein.Core.Tokens.AccessTokenValidator validator,
    Rein.Core.Transactions.TransactionTokenIssuer transactionTokens,
    SubjectTokenValidator subjectTokens,
    ActorTokenValidator actorTokens,
    Rein.Core.Delegation.GrantCatalog grants,
    Rein.Core.Delegation.ApprovalService approvals,
    TimeProvider time)
{
    public const string Path = "/oauth/token";
    public const string ClientCredentialsGrant = "client_credentials";
    public const string TokenExchangeGrant = TokenTypeUris.TokenExchangeGrant;

    /// <summary>RFC 8707 lets <c>resource</c> repeat; we accept the repetition only to answer it precisely.</summary>
    private static readonly FrozenSet<string> Repeatable = new[] { "resource" }.ToFrozenSet(StringComparer.Ordinal);

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var (form, formError) = await OAuthForm.ReadAsync(context.Request, Repeatable, context.RequestAborted).ConfigureAwait(false);
        if (form is null) return OAuthResults.Error(OAuthError.InvalidRequest, formError!);

        var grantType = form["grant_type"];
        if (grantType is null) return OAuthResults.Error(OAuthError.InvalidRequest, "grant_type is required");
        if (grantType is not (ClientCredentialsGrant or TokenExchangeGrant))
        {
            return OAuthResults.Error(OAuthError.UnsupportedGrantType, "the grant type is not supported");
        }

        var (thumbprint, dpopError) = dpop.Validate(context.Request, dpop.TokenEndpoint(identity));
        if (dpopError is not null) return dpopError;

        var auth = await authenticator.AuthenticateAsync(context.Request, form, context.RequestAborted).ConfigureAwait(false);
        if (!auth.Succeeded) return AuthenticatedForm.Failure(auth);

        if (grantType == TokenExchangeGrant)
        {
            // RFC 8693 requests serve two services here: the Transaction Token Service for txn_token, and delegation
            // (an access token that acts for a person) for everything else.
            if (form["requested_token_type"] == TokenTypeUris.TxnToken) return HandleTransactionToken(context, form, auth, thumbprint);
            return await HandleTokenExchangeAsync(context, form, auth, thumbprint).ConfigureAwait(false);
        }
        return HandleClientCredentials(context, form, auth, thumbprint);
    }
}
