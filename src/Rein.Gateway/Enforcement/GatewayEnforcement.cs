using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rein.Core.Audit;
using Rein.Core.Configuration;
using Rein.Core.Hosting;
using Rein.Core.Revocation;
using Rein.Core.Tokens;
using Rein.Core.Transactions;
using Rein.Gateway.Routing;
using Yarp.ReverseProxy.Model;

namespace Rein.Gateway.Enforcement;

/// <summary>
/// The policy enforcement point, run inside the YARP pipeline before forwarding: path sanity, token and DPoP proof,
/// action mapping, scope, authorization, rate limit. Every refusal is answered here and never reaches upstream; every
/// request, refused or forwarded, leaves one audit record.
/// </summary>
internal sealed partial class GatewayEnforcement(
    GatewayCatalog catalog,
    ProtectedResourceAuthenticator authenticator,
    AccessTokenValidator validator,
    GatewayAddress address,
    IGatewayAuthorizer authorizer,
    GatewayRateLimiter rateLimiter,
    AuditLog audit,
    RevocationService revocations,
    TransactionTokenIssuer transactionTokens,
    GatewayOptions options,
    Anomalies.AnomalyDetector anomalies,
    TimeProvider time,
    ILogger<GatewayEnforcement> logger)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        var tool = route.Metadata?.TryGetValue(Proxy.GatewayProxyConfig.ToolMetadataKey, out var toolId) == true ? catalog.Find(toolId) : null;
        if (tool is null)
        {
            await UnknownToolAsync(context).ConfigureAwait(false);
            return;
        }

        var (traceId, traceParent) = TraceContext.ForUpstream(context.Request.Headers.TraceParent);
        var request = new GatewayRequest { Tool = tool, TraceId = traceId, TraceParent = traceParent, StartedAt = Stopwatch.GetTimestamp() };
        context.Features.Set(request);
        try
        {
            await EnforceAsync(context, request, next).ConfigureAwait(false);
        }
        finally
        {
            Audit(context, request);
        }
    }

    private async Task EnforceAsync(HttpContext context, GatewayRequest request, RequestDelegate next)
    {
        var tool = request.Tool;
        var upstreamPath = UpstreamPath(context, tool);
        if (!PathGuard.IsSafe(upstreamPath) ||
            !PathGuard.IsSafeTarget(context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget))
        {
            request.Reason = "unsafe path";
            await Problem(context, StatusCodes.Status400BadRequest, "Bad request path").ConfigureAwait(false);
            return;
        }

        // Note: htu is the gateway's public URL for this request, never built from the Host header.
        var requestUri = string.Concat(address.BaseUrl, context.Request.PathBase.ToUriComponent(), context.Request.Path.ToUriComponent());
        var auth = authenticator.Authenticate(context.Request, tool.Config.Audience, requestUri, tool.AllowBearer);
        if (!auth.Succeeded)
        {
            if (auth.MisusedToken is { } misused) anomalies.TokenMisused(misused, auth.Error);
            request.Reason = auth.Error ?? "no credentials";
            context.Response.Headers.WWWAuthenticate = auth.Challenge;
            await Problem(context, auth.Status, auth.Status == StatusCodes.Status400BadRequest ? "Bad request" : "Unauthorized").ConfigureAwait(false);
            return;
        }
        var token = auth.Token!;
        request.Token = token;

        var action = tool.Actions.Match(context.Request.Method, upstreamPath);
        if (action is null)
        {
            request.Reason = "no action matches";
            await Problem(context, StatusCodes.Status404NotFound, "Not found").ConfigureAwait(false);
            return;
        }
        request.Action = action.Name;

        if (!token.Scopes.Contains(action.Name))
        {
            request.Reason = "insufficient_scope";
            request.DeniedByPolicy = true;
            context.Response.Headers.WWWAuthenticate = (token.IsDPoPBound ? "DPoP" : "Bearer") + $" error=\"insufficient_scope\", scope=\"{action.Name}\"";
            await Problem(context, StatusCodes.Status403Forbidden, "Forbidden").ConfigureAwait(false);
            return;
        }

        var restrictions = validator.RestrictionsOf(token);
        if (restrictions.Any && await RefusedBySignalsAsync(context, request, token, action, restrictions).ConfigureAwait(false)) return;

        var decision = authorizer.Authorize(new GatewayAuthorizationContext(token, tool.Config.Id, action.Name, context, restrictions));
        if (!decision.Allowed)
        {
            request.Reason = decision.Reason;
            request.DeniedByPolicy = true;
            await Problem(context, StatusCodes.Status403Forbidden, "Forbidden").ConfigureAwait(false);
            return;
        }

        if (!rateLimiter.TryAcquire(token.ClientId, tool, out var retryAfter))
        {
            request.Reason = "rate limited";
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Problem(context, StatusCodes.Status429TooManyRequests, "Too many requests").ConfigureAwait(false);
            return;
        }

        if ((action.Risk ?? tool.Config.Risk) >= RiskTier.High &&
            !await revocations.EnsureFreshAsync(options.MaxRevocationStaleness, context.RequestAborted).ConfigureAwait(false))
        {
            // Note: we cannot vouch that this token has not been revoked elsewhere; for a high-risk tool that is a no.
            request.Reason = "revocation state is stale";
            context.Response.Headers.RetryAfter = "5";
            await Problem(context, StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable").ConfigureAwait(false);
            return;
        }

        if (tool.Config.TransactionToken && !IssueTransactionToken(context, request, token, action.Name))
        {
            // Note: the upstream relies on the transaction token; without a key to sign one, nothing is forwarded.
            request.Reason = "no transaction token signing key";
            context.Response.Headers.RetryAfter = "5";
            await Problem(context, StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable").ConfigureAwait(false);
            return;
        }

        request.Decision = "allow";
        request.Reason = decision.Reason;
        await next(context).ConfigureAwait(false);
    }

    /// <summary>
    /// Mints the call's transaction token: <c>txn</c> is the W3C trace id and span id the upstream also receives in
    /// <c>traceparent</c> (unique per call even when the caller reuses its trace), the scope is the one action
    /// authorized, <c>req_wl</c> this gateway's public URL.
    /// </summary>
    private bool IssueTransactionToken(HttpContext context, GatewayRequest request, AccessToken token, string action)
    {
        var txn = TransactionTokenRequest.For(token, request.TransactionId, request.Tool.Config.Id, action, action, address.BaseUrl,
            ClientAddress.Format(context.Connection.RemoteIpAddress), token.IsDPoPBound ? "dpop" : "bearer");
        if (!transactionTokens.TryIssue(txn, out var issued)) return false;
        request.TransactionToken = issued.Token;
        return true;
    }

    /// <summary>
    /// Restrictions from signals (DESIGN §4) hold whatever the policies say: under any of them a high-risk action is
    /// refused; a reduced assurance asks for step-up (RFC 9470), read-only allows only safe methods.
    /// </summary>
    private static async Task<bool> RefusedBySignalsAsync(HttpContext context, GatewayRequest request, AccessToken token, ActionConfig action, TokenRestrictions restrictions)
    {
        var highRisk = (action.Risk ?? request.Tool.Config.Risk) >= RiskTier.High;
        var method = context.Request.Method;
        string? reason = null;
        if (restrictions.ReadOnly && !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))) reason = "signal: read-only";
        else if (highRisk && restrictions.DeviceNotCompliant) reason = "signal: device not compliant";
        else if (highRisk && restrictions.HighRisk) reason = "signal: risk level high";
        else if (highRisk && restrictions.AssuranceReduced)
        {
            request.Reason = "signal: assurance reduced";
            context.Response.Headers.WWWAuthenticate = (token.IsDPoPBound ? "DPoP" : "Bearer") +
                " error=\"insufficient_user_authentication\", error_description=\"a stronger authentication is required for this action\"";
            await Problem(context, StatusCodes.Status401Unauthorized, "Unauthorized").ConfigureAwait(false);
            return true;
        }

        if (reason is null) return false;
        request.Reason = reason;
        await Problem(context, StatusCodes.Status403Forbidden, "Forbidden").ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// A call to a tool the catalog does not have (or that has no upstream): 404, and a deny record naming what was
    /// asked for, so probing for tools shows in the audit trail. The token is not examined: there is no audience to
    /// check it against.
    /// </summary>
    public Task UnknownToolAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var rest = path.StartsWith("/tools/", StringComparison.Ordinal) ? path["/tools/".Length..] : path;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var requested = slash < 0 ? rest : rest[..slash];
        var (traceId, _) = TraceContext.ForUpstream(context.Request.Headers.TraceParent);
        // Dot segments may have carried the request here from a real tool's path: say so rather than "no such tool".
        var unsafeTarget = !PathGuard.IsSafeTarget(context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget);
        audit.Write(new AuditEvent
        {
            Kind = AuditKinds.GatewayRequest,
            Time = time.GetUtcNow(),
            Tool = requested.Length > 64 ? requested[..64] : requested,
            Decision = "deny",
            Reason = unsafeTarget ? "unsafe path" : "unknown tool",
            TraceId = traceId,
        });
        return unsafeTarget
            ? Problem(context, StatusCodes.Status400BadRequest, "Bad request path")
            : Problem(context, StatusCodes.Status404NotFound, "No such tool");
    }

    /// <summary>The path the upstream will see: the request path below <c>/tools/{id}</c>, at least "/".</summary>
    internal static string UpstreamPath(HttpContext context, GatewayTool tool)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var rest = path.Length > tool.PathPrefix.Length ? path[tool.PathPrefix.Length..] : string.Empty;
        return rest.Length == 0 ? "/" : rest;
    }

    private void Audit(HttpContext context, GatewayRequest request)
    {
        var elapsed = Stopwatch.GetElapsedTime(request.StartedAt);
        audit.Write(new AuditEvent
        {
            Kind = AuditKinds.GatewayRequest,
            Time = time.GetUtcNow(),
            Agent = request.Token?.ClientId,
            User = request.Token is { } t ? t.UserKey ?? (t.Subject != t.ClientId ? t.Subject : null) : null,
            Tool = request.Tool.Config.Id,
            Action = request.Action,
            Decision = request.Decision,
            Reason = request.Reason,
            UpstreamStatus = request.Decision == "allow" ? context.Response.StatusCode : null,
            LatencyMs = Math.Round(elapsed.TotalMilliseconds, 3),
            TraceId = request.TraceId,
            TokenId = request.Token?.JwtId,
            SessionId = request.Token?.SessionId,
        });
        if (request.Decision != "allow") LogRefused(logger, request.Tool.Config.Id, request.Token?.ClientId, request.Reason);
        if (request.Token is { } token) anomalies.Observe(token, request.DeniedByPolicy, context.Connection.RemoteIpAddress);
    }

    private static Task Problem(HttpContext context, int status, string title)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        context.Response.Headers.CacheControl = "no-store";
        // A generic body: the reason is in the audit record and the WWW-Authenticate challenge, never the token.
        return context.Response.WriteAsync($"{{\"type\":\"about:blank\",\"title\":\"{title}\",\"status\":{status}}}");
    }

    [LoggerMessage(EventId = 3001, EventName = "GatewayRefused", Level = LogLevel.Information, Message = "Refused a call to {Tool} by {Agent}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string tool, string? agent, string? reason);
}
