using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Rein.Gateway.Proxy;

/// <summary>When the upstream cannot be reached, answer 502 problem details that reveal nothing of the upstream.</summary>
internal static class UpstreamErrors
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        await next(context).ConfigureAwait(false);
        if (context.GetForwarderErrorFeature() is { } error && !context.Response.HasStarted)
        {
            context.Response.StatusCode = error.Error == ForwarderError.RequestTimedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway;
            context.Response.ContentType = "application/problem+json";
            await context.Response.WriteAsync(
                $"{{\"type\":\"about:blank\",\"title\":\"The tool is unavailable\",\"status\":{context.Response.StatusCode}}}").ConfigureAwait(false);
        }
    }
}
