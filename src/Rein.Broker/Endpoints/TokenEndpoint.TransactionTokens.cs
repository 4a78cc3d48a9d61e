using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rein.Broker.ClientAuthentication;
using Rein.Broker.Http;
using Rein.Core.Transactions;

namespace Rein.Broker.Endpoints;

/// <summary>
/// The Transaction Token Service (draft-ietf-oauth-transaction-tokens-08, "Txn-Token Request"): a token exchange
/// (RFC 8693) of a Rein access token for a transaction token valid in the trust domain.
/// </summary>
internal sealed partial class TokenEndpoint
{
    /// <summary>RFC 8693 §3: the only subject token type the TTS takes is a Rein access token.</summary>
    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

    /// <summary>
    /// Issues a transaction token for the client's own access token. The client must be the token's <c>client_id</c>
    /// and, for a DPoP-bound token, prove possession of its key with this request's proof: a token lifted from a log
    /// cannot be turned into a transaction. Scope may only narrow. Errors are RFC 8693 §2.2.2: a subject token that is
    /// invalid or unacceptable is <c>invalid_request</c>, a foreign trust domain <c>invalid_target</c>.
    /// </summary>
    private IResult HandleTransactionToken(HttpContext context, OAuthForm form, ClientAuthResult auth, string? thumbprint)
    {
        var client = auth.Client!;
        if (form["actor_token"] is not null || form["actor_token_type"] is not null)
        {
            return OAuthResults.Error(OAuthError.InvalidRequest, "a transaction token request takes no actor_token");
        }
        if (form.GetAll("resource").Count > 0)
        {
            return OAuthResults.Error(OAuthError.InvalidTarget, "a transaction token names its trust domain in audience, not a resource");
        }
        var audience = form["audience"];
        if (audience is null) return OAuthResults.Error(OAuthError.InvalidRequest, "audience is required: the trust domain");
        if (!string.Equals(audience, transactionTokens.TrustDomain, StringComparison.Ordinal))
        {
            return OAuthResults.Error(OAuthError.InvalidTarget, "audience is not this trust domain");
        }
        var subjectToken = form["subject_token"];
        if (subjectToken is null) return OAuthResults.Error(OAuthError.InvalidRequest, "subject_token is required");
        var subjectTokenType = form["subject_token_type"];
        if (subjectTokenType is null) return OAuthResults.Error(OAuthError.InvalidRequest, "subject_token_type is required");
        if (subjectTokenType != AccessTokenType)
        {
            return OAuthResults.Error(OAuthError.InvalidRequest, "subject_token_type must be " + AccessTokenType + ": the subject is a Rein access token");
        }
        var requested = form["scope"];
        if (requested is null) return OAuthResults.Error(OAuthError.InvalidRequest, "scope is required: the purpose of the transaction");

        var validation = validator.Validate(subjectToken, audience: null);
        if (validation.Token is not { } token)
        {
            return OAuthResults.Error(OAuthError.InvalidRequest, "subject_token is not a valid access token from this issuer: " + validation.Error);
        }
        // Note: the draft forbids a transaction token for a subject token whose expiry has passed; no skew here.
        if (token.ExpiresAt <= time.GetUtcNow().ToUnixTimeSeconds())
        {
            return OAuthResults.Error(OAuthError.InvalidRequest, "subject_token has expired");
        }
        if (!string.Equals(token.ClientId, client.Id, StringComparison.Ordinal))
        {
            return OAuthResults.Error(OAuthError.InvalidRequest, "subject_token was not issued to this client");
        }
        if (token.IsDPoPBound && !string.Equals(thumbprint, token.ConfirmationThumbprint, StringComparison.Ordinal))
        {
            return OAuthResults.Error(OAuthError.InvalidRequest, "subject_token is DPoP-bound: sign this request's DPoP proof with its key");
        }
        if (!registry.Current.ToolsByAudience.TryGetValue(token.Audience, out var tool))
        {
            return OAuthResults.Error(OAuthError.InvalidRequest, "subject_token is not a token for a tool");
        }

        var granted = new List<string>(2);
        foreach (var value in requested.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // Note: the draft's Scope Processing — a transaction may narrow the subject token's scope, never widen it.
            if (!token.Scopes.Contains(value, StringComparer.Ordinal))
            {
                return OAuthResults.Error(OAuthError.InvalidScope, "the requested scope exceeds the subject token's scope");
            }
            if (!granted.Contains(value)) granted.Add(value);
        }
        if (granted.Count == 0) return OAuthResults.Error(OAuthError.InvalidScope, "scope names no purpose");

        var scope = string.Join(' ', granted);
        var transactionId = NewTransactionId();
        var request = TransactionTokenRequest.For(token, transactionId, tool.Id, granted.Count == 1 ? granted[0] : null, scope,
            requestingWorkload: client.Id, ClientAddress.Format(context.Connection.RemoteIpAddress), AuthenticationMethodName(auth.Method));
        if (!transactionTokens.TryIssue(request, out var issued))
        {
            return OAuthResults.Error(OAuthError.ServerError, "no key is available to sign transaction tokens", StatusCodes.Status500InternalServerError);
        }

        audit.Write(new Rein.Core.Audit.AuditEvent
        {
            Kind = Rein.Core.Audit.AuditKinds.TransactionTokenIssued,
            Time = time.GetUtcNow(),
            Agent = client.Id,
            User = token.Subject != token.ClientId ? token.Subject : null,
            Tool = tool.Id,
            Action = scope,
            TraceId = transactionId[..32],
            TokenId = token.JwtId,
            SessionId = token.SessionId,
            Reason = auth.Method.ToString(),
        });
        OAuthResults.SetNoStore(context.Response);
        return new TransactionTokenResult(issued, scope);
    }

    /// <summary>
    /// A new <c>txn</c> in the shape the gateway uses, <c>{trace-id}-{span-id}</c> (W3C trace context), so that a
    /// requester can start its trace from it.
    /// </summary>
    private static string NewTransactionId() =>
        ActivityTraceId.CreateRandom().ToHexString() + "-" + ActivitySpanId.CreateRandom().ToHexString();

    /// <summary>The <c>rctx.authn</c> value for how the client authenticated at the token endpoint.</summary>
    internal static string AuthenticationMethodName(ClientAuthMethod method) => method switch
    {
        ClientAuthMethod.PrivateKeyJwt => "private_key_jwt",
        ClientAuthMethod.Workload => "workload_jwt",
        ClientAuthMethod.Spiffe => "spiffe_jwt",
        ClientAuthMethod.ClientSecretBasic => "client_secret_basic",
        _ => throw new UnreachableException(),
    };

    /// <summary>The Txn-Token Response: RFC 8693 §2.2.1 with <c>token_type N_A</c> and no refresh token.</summary>
    private sealed class TransactionTokenResult(IssuedTransactionToken issued, string scope) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter);
            writer.WriteStartObject();
            writer.WriteString("access_token"u8, issued.Token);
            writer.WriteString("issued_token_type"u8, TransactionTokens.TokenType);
            writer.WriteString("token_type"u8, "N_A");
            writer.WriteNumber("expires_in"u8, issued.Lifetime);
            writer.WriteString("scope"u8, scope);
            writer.WriteEndObject();
            await writer.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
