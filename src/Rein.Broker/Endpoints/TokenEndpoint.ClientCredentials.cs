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
        if (AgentRefusal(agent) is { } refusal) return refusal;

        var (tool, targetError) = ResolveTarget(form.GetAll("resource"), audiences: default);
        if (tool is null) return targetError!;
        var snapshot = registry.Current;

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
            var policyContext = new PolicyContext { Stage = "issuance", Time = time.GetUtcNow(), ClientIp = context.Connection.RemoteIpAddress }
                .WithSignals(PolicySignals.Of(revocations, agent.Id));
            granted.RemoveAll(action =>
            {
                var declared = DeclaredAction(tool, action);
                return !policies.Authorize(agent.Id, tool.Id, action, declared.Risk ?? tool.Risk, tool.Risk, policyContext).Allowed;
            });
            if (granted.Count == 0)
            {
                return OAuthResults.Error(OAuthError.AccessDenied, "policy does not allow this agent any of the requested actions now");
            }
        }

        // Note: an action that needs a human approval is issued only as an elevation token through token exchange,
        // for a person who delegated it; an agent acting for itself never gets it.
        for (var i = granted.Count - 1; i >= 0; i--)
        {
            if (tool.RequiresApproval(DeclaredAction(tool, granted[i]))) granted.RemoveAt(i);
        }
        if (granted.Count == 0)
        {
            return OAuthResults.Error(OAuthError.AccessDenied,
                "the requested actions need a human approval; they are issued only by token exchange for a person who delegated them");
        }

        var lifetime = Min(options.DefaultTokenLifetime, RiskCaps.MaxLifetime(HighestRisk(tool, granted)));
        var sessionId = AccessTokenIssuer.SessionIdFor(agent.Id, thumbprint);
        var scope = string.Join(' ', granted);
        var issued = issuer.Issue(new AccessTokenRequest(
            agent.Id, agent.Id, tool.Audience, scope, tool.SigningAlgorithm, lifetime, thumbprint, sessionId));
        RecordIssued(agent.Id, tool.Id, scope, issued.JwtId, sessionId, auth.Method);
        return TokenResponse(context, issued, thumbprint, scope);
    }

    /// <summary>Why a suspended agent, or one past its review date, gets no token; null when it may have one.</summary>
    private IResult? AgentRefusal(AgentConfig agent)
    {
        if (revocations.IsSuspended(SubjectKind.Agent, agent.Id) || revocations.IsSuspended(SubjectKind.Client, agent.Id))
        {
            return OAuthResults.Error(OAuthError.UnauthorizedClient, "the agent is suspended");
        }
        if (agent.ReviewBy is { } reviewBy && DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime) > reviewBy)
        {
            return OAuthResults.Error(OAuthError.UnauthorizedClient, "the agent is past its review date; its owner must review it");
        }
        return null;
    }

    /// <summary>
    /// The one tool a request names: by RFC 8707 <c>resource</c> (the tool's audience URI) and, for token exchange,
    /// RFC 8693 <c>audience</c> (the tool's audience or its id). Both may be given only when they name the same tool.
    /// </summary>
    private (ToolConfig? Tool, IResult? Error) ResolveTarget(Microsoft.Extensions.Primitives.StringValues resources,
        Microsoft.Extensions.Primitives.StringValues audiences)
    {
        if (resources.Count + audiences.Count == 0)
        {
            return (null, OAuthResults.Error(OAuthError.InvalidTarget, "resource is required: name the one tool this token is for"));
        }
        if (resources.Count > 1 || audiences.Count > 1)
        {
            return (null, OAuthResults.Error(OAuthError.InvalidTarget, "a token is for exactly one tool: send one resource"));
        }
        var snapshot = registry.Current;
        ToolConfig? tool = null;
        // Note: RFC 8707 §2 wants an absolute URI without fragment; every tool audience was checked to be one when the
        // config was loaded, so an exact match with one is the whole check and nothing needs parsing per request.
        if (resources.Count == 1 && (resources[0] is not { } resource || !snapshot.ToolsByAudience.TryGetValue(resource, out tool)))
        {
            return (null, OAuthResults.Error(OAuthError.InvalidTarget, "resource does not name a known tool"));
        }
        if (audiences.Count == 1)
        {
            if (!snapshot.ToolsByAudience.TryGetValue(audiences[0]!, out var byAudience) && !snapshot.ToolsById.TryGetValue(audiences[0]!, out byAudience))
            {
                return (null, OAuthResults.Error(OAuthError.InvalidTarget, "audience does not name a known tool"));
            }
            if (tool is not null && !ReferenceEquals(tool, byAudience))
            {
                return (null, OAuthResults.Error(OAuthError.InvalidTarget, "a token is for exactly one tool: resource and audience name different tools"));
            }
            tool = byAudience;
        }
        return (tool, null);
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

    private IResult TokenResponse(HttpContext context, AccessTokenIssuer.Issued issued, string? thumbprint, string scope,
        string? issuedTokenType = null, string? authorizationDetails = null)
    {
        var response = context.Response;
        OAuthResults.SetNoStore(response);
        if (thumbprint is not null) response.Headers["DPoP-Nonce"] = dpop.CurrentNonce();
        return new TokenResult(issued.Token, thumbprint is null ? "Bearer" : "DPoP", issued.ExpiresAt - issued.IssuedAt, scope,
            issuedTokenType, authorizationDetails);
    }

    private void RecordIssued(string agent, string tool, string scope, string jti, string sessionId, ClientAuthMethod method,
        string? user = null, string? grant = null, string? approval = null, string? reason = null) =>
        audit.Write(new Rein.Core.Audit.AuditEvent
        {
            Kind = Rein.Core.Audit.AuditKinds.TokenIssued,
            Time = time.GetUtcNow(),
            Agent = agent,
            User = user,
            Tool = tool,
            Action = scope,
            TokenId = jti,
            SessionId = sessionId,
            Reason = reason ?? method.ToString(),
            Grant = grant,
            Approval = approval,
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

    /// <summary>The tool's declaration of an action the agent is bound to (bindings name declared actions only).</summary>
    private static ActionConfig DeclaredAction(ToolConfig tool, string name)
    {
        var actions = tool.Actions;
        for (var i = 0; i < actions.Count; i++)
        {
            if (actions[i].Name == name) return actions[i];
        }
        throw new InvalidOperationException("A bound action is not declared by its tool.");
    }

    private sealed class TokenResult(string token, string tokenType, long expiresIn, string scope, string? issuedTokenType,
        string? authorizationDetails) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter);
            writer.WriteStartObject();
            writer.WriteString("access_token"u8, token);
            if (issuedTokenType is not null) writer.WriteString("issued_token_type"u8, issuedTokenType);
            writer.WriteString("token_type"u8, tokenType);
            writer.WriteNumber("expires_in"u8, expiresIn);
            writer.WriteString("scope"u8, scope);
            if (authorizationDetails is not null)
            {
                // RFC 9396 §7: the authorization details the token carries.
                writer.WritePropertyName("authorization_details"u8);
                writer.WriteRawValue(authorizationDetails, skipInputValidation: true);
            }
            writer.WriteEndObject();
            await writer.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
