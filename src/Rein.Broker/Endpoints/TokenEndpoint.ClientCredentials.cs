using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rein.Broker.ClientAuthentication;
using Rein.Broker.Http;
using Rein.Broker.Tokens;
using Rein.Core.Configuration;
using Rein.Core.Policies;
using Rein.Core.Registry;
using Rein.Core.Revocation;

namespace Rein.Broker.Endpoints;

internal sealed partial class TokenEndpoint
{
    /// <summary>The scope that admits a client to the admin API.</summary>
    public const string AdminScope = "rein:admin";

    private IResult HandleClientCredentials(HttpContext context, OAuthForm form, ClientAuthResult auth, string? thumbprint)
    {
        var client = auth.Client!;
        if (thumbprint is null && client.RequireDpop)
        {
            return OAuthResults.Error(OAuthError.InvalidRequest, "this client must present a DPoP proof (RFC 9449)");
        }

        if (client.Kind == ClientKind.Admin) return IssueAdminToken(context, form, client, thumbprint, auth.Method);
        if (client.Kind == ClientKind.SignalReceiver) return IssueSignalReceiverToken(context, form, client, thumbprint, auth.Method);

        var agent = client.Agent!;
        if (revocations.IsSuspended(SubjectKind.Agent, agent.Id) || revocations.IsSuspended(SubjectKind.Client, agent.Id))
        {
            return OAuthResults.Error(OAuthError.UnauthorizedClient, "the agent is suspended");
        }
        if (agent.ReviewBy is { } reviewBy && DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime) > reviewBy)
        {
            return OAuthResults.Error(OAuthError.UnauthorizedClient, "the agent is past its review date; its owner must review it");
        }

        var resources = form.GetAll("resource");
        if (resources.Count == 0) return OAuthResults.Error(OAuthError.InvalidTarget, "resource is required: name the one tool this token is for");
        if (resources.Count > 1) return OAuthResults.Error(OAuthError.InvalidTarget, "a token is for exactly one tool: send one resource");
        var snapshot = registry.Current;
        if (!Uri.TryCreate(resources[0], UriKind.Absolute, out var resourceUri) || resourceUri.Fragment.Length > 0 ||
            !snapshot.ToolsByAudience.TryGetValue(resources[0]!, out var tool))
        {
            return OAuthResults.Error(OAuthError.InvalidTarget, "resource does not name a known tool");
        }

        var requested = form["scope"];
        if (requested is null) return OAuthResults.Error(OAuthError.InvalidScope, "scope is required: name the actions this token is for");
        var bound = snapshot.BoundActions(agent.Id, tool.Id);
        var granted = new List<string>();
        foreach (var action in requested.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (bound.Contains(action) && !granted.Contains(action)) granted.Add(action);
        }
        if (granted.Count == 0)
        {
            return OAuthResults.Error(OAuthError.InvalidScope, "none of the requested actions is allowed for this agent on this tool");
        }

        if (policies.Enabled)
        {
            // The policies decide per action, at issuance, what this agent may obtain now.
            var policyContext = new PolicyContext { Stage = "issuance", Time = time.GetUtcNow(), ClientIp = context.Connection.RemoteIpAddress };
            granted.RemoveAll(action =>
            {
                var declared = tool.Actions.First(a => a.Name == action);
                return !policies.Authorize(agent.Id, tool.Id, action, declared.Risk ?? tool.Risk, tool.Risk, policyContext).Allowed;
            });
            if (granted.Count == 0)
            {
                return OAuthResults.Error(OAuthError.AccessDenied, "policy does not allow this agent any of the requested actions now");
            }
        }

        var lifetime = Min(options.DefaultTokenLifetime, RiskCaps.MaxLifetime(HighestRisk(tool, granted)));
        var sessionId = AccessTokenIssuer.SessionIdFor(agent.Id, thumbprint);
        var scope = string.Join(' ', granted);
        var issued = issuer.Issue(new AccessTokenRequest(
            agent.Id, agent.Id, tool.Audience, scope, tool.SigningAlgorithm, lifetime, thumbprint, sessionId));
        RecordIssued(agent.Id, tool.Id, scope, issued.JwtId, sessionId, auth.Method);
        return TokenResponse(context, issued, thumbprint, scope);
    }

    private IResult IssueAdminToken(HttpContext context, OAuthForm form, ClientRegistration client, string? thumbprint, ClientAuthMethod method)
    {
        if (form["scope"] != AdminScope)
        {
            return OAuthResults.Error(OAuthError.InvalidScope, "an admin client may request only the scope rein:admin");
        }
        var audience = identity.Issuer + "/admin";
        var resource = form.GetAll("resource");
        if (resource.Count > 1 || (resource.Count == 1 && resource[0] != audience))
        {
            return OAuthResults.Error(OAuthError.InvalidTarget, "an admin token's only resource is this issuer's admin API");
        }
        var sessionId = AccessTokenIssuer.SessionIdFor(client.Id, thumbprint);
        var issued = issuer.Issue(new AccessTokenRequest(
            client.Id, client.Id, audience, AdminScope, "ES256", options.DefaultTokenLifetime, thumbprint, sessionId));
        RecordIssued(client.Id, "admin", AdminScope, issued.JwtId, sessionId, method);
        return TokenResponse(context, issued, thumbprint, AdminScope);
    }

    private IResult TokenResponse(HttpContext context, AccessTokenIssuer.Issued issued, string? thumbprint, string scope)
    {
        var response = context.Response;
        OAuthResults.SetNoStore(response);
        if (thumbprint is not null) response.Headers["DPoP-Nonce"] = dpop.CurrentNonce();
        return new TokenResult(issued.Token, thumbprint is null ? "Bearer" : "DPoP", issued.ExpiresAt - issued.IssuedAt, scope);
    }

    private void RecordIssued(string agent, string tool, string scope, string jti, string sessionId, ClientAuthMethod method) =>
        audit.Write(new Rein.Core.Audit.AuditEvent
        {
            Kind = Rein.Core.Audit.AuditKinds.TokenIssued,
            Time = time.GetUtcNow(),
            Agent = agent,
            Tool = tool,
            Action = scope,
            TokenId = jti,
            SessionId = sessionId,
            Reason = method.ToString(),
        });

    private static RiskTier HighestRisk(ToolConfig tool, List<string> actions)
    {
        var risk = tool.Risk;
        foreach (var action in tool.Actions)
        {
            if (action.Risk is { } r && r > risk && actions.Contains(action.Name)) risk = r;
        }
        return risk;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class TokenResult(string token, string tokenType, long expiresIn, string scope) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter);
            writer.WriteStartObject();
            writer.WriteString("access_token"u8, token);
            writer.WriteString("token_type"u8, tokenType);
            writer.WriteNumber("expires_in"u8, expiresIn);
            writer.WriteString("scope"u8, scope);
            writer.WriteEndObject();
            await writer.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
