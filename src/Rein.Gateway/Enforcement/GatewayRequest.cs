using Rein.Core.Tokens;
using Rein.Gateway.Routing;

namespace Rein.Gateway.Enforcement;

/// <summary>What enforcement established about a request, kept on <c>HttpContext.Features</c> for transforms and audit.</summary>
internal sealed class GatewayRequest
{
    public required GatewayTool Tool { get; init; }
    public AccessToken? Token { get; set; }
    public string? Action { get; set; }
    public required string TraceId { get; init; }
    public required string TraceParent { get; init; }
    public long StartedAt { get; init; }
    public string Decision { get; set; } = "deny";
    public string? Reason { get; set; }

    /// <summary>Refused for lack of scope or by policy: the refusals the anomaly source counts.</summary>
    public bool DeniedByPolicy { get; set; }
}
