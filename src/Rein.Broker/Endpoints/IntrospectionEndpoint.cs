using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rein.Broker.ClientAuthentication;
using Rein.Broker.Http;
using Rein.Core.Hosting;
using Rein.Core.Registry;
using Rein.Core.Tokens;

namespace Rein.Broker.Endpoints;

/// <summary>
/// <c>POST /oauth/introspect</c> (RFC 7662). Callers authenticate as clients; admins may introspect any token. An
/// expired, revoked, foreign or malformed token is simply <c>{"active":false}</c> — no reason is given (§2.2).
/// </summary>
internal sealed class IntrospectionEndpoint(ClientAuthenticator authenticator, AccessTokenValidator validator, IssuerIdentity identity)
{
    public const string Path = "/oauth/introspect";

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var (form, auth, error) = await AuthenticatedForm.ReadAsync(context, authenticator).ConfigureAwait(false);
        if (error is not null) return error;
        if (auth!.Client!.Kind != ClientKind.Admin)
        {
            return OAuthResults.Error(OAuthError.UnauthorizedClient, "this client may not introspect tokens", StatusCodes.Status403Forbidden);
        }

        var token = form!["token"];
        if (token is null) return OAuthResults.Error(OAuthError.InvalidRequest, "token is required");

        OAuthResults.SetNoStore(context.Response);
        var validation = token.Length <= AccessTokenValidator.MaxTokenLength ? validator.Validate(token, audience: null) : null;
        return new IntrospectionResult(validation?.Token, identity.Issuer);
    }

    private sealed class IntrospectionResult(AccessToken? token, string issuer) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter);
            writer.WriteStartObject();
            writer.WriteBoolean("active"u8, token is not null);
            if (token is not null)
            {
                writer.WriteString("iss"u8, issuer);
                writer.WriteString("sub"u8, token.Subject);
                writer.WriteString("aud"u8, token.Audience);
                writer.WriteString("client_id"u8, token.ClientId);
                writer.WriteString("scope"u8, token.Scope);
                writer.WriteString("jti"u8, token.JwtId);
                writer.WriteNumber("iat"u8, token.IssuedAt);
                writer.WriteNumber("exp"u8, token.ExpiresAt);
                writer.WriteString("token_type"u8, token.IsDPoPBound ? "DPoP" : "Bearer");
                if (token.SessionId is not null) writer.WriteString("sid"u8, token.SessionId);
                if (token.ConfirmationThumbprint is not null)
                {
                    writer.WriteStartObject("cnf"u8);
                    writer.WriteString("jkt"u8, token.ConfirmationThumbprint);
                    writer.WriteEndObject();
                }
                if (token.UserIssuer is not null)
                {
                    // RFC 9493 §4: the person the token is about, as their issuer names them.
                    writer.WriteStartObject("sub_id"u8);
                    writer.WriteString("format"u8, "iss_sub"u8);
                    writer.WriteString("iss"u8, token.UserIssuer);
                    writer.WriteString("sub"u8, token.Subject);
                    writer.WriteEndObject();
                }
                if (token.ActorJson is not null)
                {
                    // RFC 8693 §4.1: the whole delegation chain, newest actor outermost.
                    writer.WritePropertyName("act"u8);
                    writer.WriteRawValue(token.ActorJson, skipInputValidation: true);
                }
                if (token.Groups.Count > 0)
                {
                    // RFC 9068 §2.2.3.1: the person's groups, as the token carries them.
                    writer.WriteStartArray("groups"u8);
                    foreach (var group in token.Groups) writer.WriteStringValue(group);
                    writer.WriteEndArray();
                }
                if (token.GrantId is not null) writer.WriteString("grant_id"u8, token.GrantId);
                if (token.ApprovalId is not null) writer.WriteString("approval_id"u8, token.ApprovalId);
                if (token.AuthorizationDetailsJson is not null)
                {
                    // RFC 9396 §9.2.
                    writer.WritePropertyName("authorization_details"u8);
                    writer.WriteRawValue(token.AuthorizationDetailsJson, skipInputValidation: true);
                }
            }
            writer.WriteEndObject();
            await writer.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
