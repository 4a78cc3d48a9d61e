using Rein.Core.Revocation;
using Rein.Core.Tokens;
using Rein.Gateway.Routing;

namespace Rein.Gateway.Enforcement;

/// <summary>
/// The per-call authorization decision after the token and its scope have passed. The policy engine plugs in here;
/// the default allows what the scope allows.
/// </summary>
public interface IGatewayAuthorizer
{
    GatewayDecision Authorize(GatewayAuthorizationContext context);
}

/// <summary>
/// What an authorizer sees: who, which tool and action, the request, and the restrictions signals put on the token's
/// subjects (looked up once per call by enforcement).
/// </summary>
public sealed record GatewayAuthorizationContext(
    AccessToken Token, string ToolId, string Action, Microsoft.AspNetCore.Http.HttpContext HttpContext, TokenRestrictions Restrictions);

/// <summary>An authorizer's answer; deny unless allowed.</summary>
public readonly record struct GatewayDecision(bool Allowed, string Reason)
{
    public static GatewayDecision Allow(string reason) => new(true, reason);

    public static GatewayDecision Deny(string reason) => new(false, reason);
}
