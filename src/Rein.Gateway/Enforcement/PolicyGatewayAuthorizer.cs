using Microsoft.AspNetCore.Http;
using Rein.Core.Configuration;
using Rein.Core.Policies;
using Rein.Core.Registry;

namespace Rein.Gateway.Enforcement;

/// <summary>The gateway's authorization hook filled by the Cedar policies: every call, with this call's context.</summary>
internal sealed class PolicyGatewayAuthorizer(PolicyEngine engine, ReinRegistry registry, TimeProvider time) : IGatewayAuthorizer
{
    public GatewayDecision Authorize(GatewayAuthorizationContext context)
    {
        if (!engine.Enabled) return GatewayDecision.Allow("scope");
        var snapshot = registry.Current;
        if (!snapshot.ToolsById.TryGetValue(context.ToolId, out var tool)) return GatewayDecision.Deny("unknown tool");
        ActionConfig? action = null;
        foreach (var candidate in tool.Actions)
        {
            if (candidate.Name == context.Action)
            {
                action = candidate;
                break;
            }
        }
        var token = context.Token;
        var restrictions = context.Restrictions;
        var decision = engine.Authorize(token.ClientId, tool.Id, context.Action, action?.Risk ?? tool.Risk, tool.Risk, new PolicyContext
        {
            Stage = "call",
            Transaction = context.HttpContext.Features.Get<GatewayRequest>()?.TransactionId,
            Time = time.GetUtcNow(),
            ClientIp = context.HttpContext.Connection.RemoteIpAddress,
            // A token about a person (delegated, or impersonating them); an elevation token carries a human approval.
            Delegated = token.UserKey is not null,
            User = token.UserKey,
            UserGroups = token.Groups,
            Approval = token.ApprovalId is not null,
            // Signals (DESIGN §4): restriction entries on the token's subjects become the policy context.
            Assurance = restrictions.AssuranceReduced ? "reduced" : "normal",
            DeviceCompliant = !restrictions.DeviceNotCompliant,
            RiskLevel = restrictions.HighRisk ? "high" : "low",
        });
        return decision.Allowed ? GatewayDecision.Allow(decision.Reason) : GatewayDecision.Deny(decision.Reason);
    }
}
