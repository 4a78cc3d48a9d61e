using Rein.Core.Tokens;
using Rein.Gateway.Routing;

namespace Rein.Gateway.Enforcement;

/// <summary>What enforcement established about a request, kept on <c>HttpContext.Features</c> for transforms and audit.</summary>
internal sealed class GatewayRequest
{
    public required GatewayTool Tool { get; init; }
    public AccessToken? Token { get; set; }
    public string? Action { get; set; }

    /// <summary>The transaction token minted for this call, sent upstream as <c>Txn-Token</c>. Never logged or audited.</summary>
    public string? TransactionToken { get; set; }
    public required string TraceId { get; init; }
    public required string TraceParent { get; init; }

    /// <summary>The transaction id (<c>txn</c>): the trace id and span id of <see cref="TraceParent"/>, unique per call.</summary>
    public string TransactionId => _transactionId ??= TraceParent.Substring(3, 49);
    public long StartedAt { get; init; }
    public string Decision { get; set; } = "deny";
    public string? Reason { get; set; }

    /// <summary>Refused for lack of scope or by policy: the refusals the anomaly source counts.</summary>
    public bool DeniedByPolicy { get; set; }

    private string? _transactionId;
}
