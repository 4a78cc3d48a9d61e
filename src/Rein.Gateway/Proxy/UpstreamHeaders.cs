using Rein.Gateway.Enforcement;
using Yarp.ReverseProxy.Transforms;

namespace Rein.Gateway.Proxy;

/// <summary>
/// What the upstream receives: never the agent's <c>Authorization</c> or <c>DPoP</c>, never client-sent
/// <c>X-Rein-*</c>, <c>Txn-Token</c> or trace headers (all spoofable); always <c>X-Rein-Agent</c>,
/// <c>X-Rein-Action</c> and a fresh <c>traceparent</c> set by the gateway.
/// </summary>
internal static class UpstreamHeaders
{
    private static readonly string[] Removed = ["Authorization", "DPoP", "Txn-Token", "traceparent", "tracestate", "Proxy-Authorization", "Cookie"];

    public static ValueTask ApplyAsync(RequestTransformContext context)
    {
        var headers = context.ProxyRequest.Headers;
        foreach (var name in Removed) headers.Remove(name);
        List<string>? spoofed = null;
        foreach (var header in headers)
        {
            if (header.Key.StartsWith("X-Rein-", StringComparison.OrdinalIgnoreCase)) (spoofed ??= []).Add(header.Key);
        }
        if (spoofed is not null)
        {
            foreach (var name in spoofed) headers.Remove(name);
        }

        var request = context.HttpContext.Features.Get<GatewayRequest>()
            ?? throw new InvalidOperationException("A request reached the forwarder without passing enforcement.");
        headers.TryAddWithoutValidation("X-Rein-Agent", request.Token!.ClientId);
        headers.TryAddWithoutValidation("X-Rein-Action", request.Action);
        headers.TryAddWithoutValidation("traceparent", request.TraceParent);
        return ValueTask.CompletedTask;
    }
}
