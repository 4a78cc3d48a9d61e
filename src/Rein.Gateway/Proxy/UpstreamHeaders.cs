using Rein.Core.Transactions;
using Rein.Gateway.Enforcement;
using Yarp.ReverseProxy.Transforms;

namespace Rein.Gateway.Proxy;

/// <summary>
/// What the upstream receives: never the agent's <c>Authorization</c> or <c>DPoP</c>, never client-sent
/// <c>X-Rein-*</c>, <c>Txn-Token</c>, trace headers (all spoofable), nor method or URL override headers (an
/// upstream honouring them would run something other than what the gateway authorized); always
/// <c>X-Rein-Agent</c>, <c>X-Rein-Action</c> and a fresh <c>traceparent</c>, set by the gateway, and the call's
/// <c>Txn-Token</c> unless the tool opted out of transaction tokens.
/// </summary>
internal static class UpstreamHeaders
{
    // Compared after folding '_' to '-': CGI and WSGI servers map X_Rein_Agent and X-Rein-Agent to the same variable.
    private static readonly HashSet<string> Removed = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "DPoP", "Txn-Token", "Cookie", "traceparent", "tracestate",
        "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override", "X-Original-URL", "X-Rewrite-URL", "X-Original-Method",
    };

    public static ValueTask ApplyAsync(RequestTransformContext context)
    {
        var headers = context.ProxyRequest.Headers;
        // Note: the names are read from the client's request, which the forwarder copied from: enumerating the outgoing
        // HttpHeaders would parse and allocate every value on every call.
        foreach (var header in context.HttpContext.Request.Headers)
        {
            if (IsRemoved(header.Key) && headers.NonValidated.Contains(header.Key)) headers.Remove(header.Key);
        }

        var request = context.HttpContext.Features.Get<GatewayRequest>()
            ?? throw new InvalidOperationException("A request reached the forwarder without passing enforcement.");
        headers.TryAddWithoutValidation("X-Rein-Agent", request.Token!.ClientId);
        headers.TryAddWithoutValidation("X-Rein-Action", request.Action);
        headers.TryAddWithoutValidation("traceparent", request.TraceParent);
        // Note: draft-ietf-oauth-transaction-tokens-08 — exactly one Txn-Token header, never Authorization. A tool
        // declared with transaction_token: false gets none (a client-sent one was removed above).
        if (request.Tool.Config.TransactionToken)
        {
            headers.TryAddWithoutValidation(TransactionTokens.HeaderName, request.TransactionToken
                ?? throw new InvalidOperationException("A request reached the forwarder without a transaction token."));
        }
        return ValueTask.CompletedTask;
    }

    internal static bool IsRemoved(string name)
    {
        var folded = name.Contains('_', StringComparison.Ordinal) ? name.Replace('_', '-') : name;
        return Removed.Contains(folded) || folded.StartsWith("X-Rein-", StringComparison.OrdinalIgnoreCase);
    }
}
