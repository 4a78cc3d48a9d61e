using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rein.Core.Transactions;
using Rein.Gateway.Enforcement;
using Rein.Gateway.Proxy;
using Rein.Gateway.Routing;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;

namespace Rein.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>Registers the gateway: catalog, enforcement, rate limits and the YARP proxy fed from the registry.</summary>
    public static IServiceCollection AddReinGateway(this IServiceCollection services, GatewayOptions? options = null)
    {
        services.AddSingleton(options ?? new GatewayOptions());
        services.AddSingleton<GatewayCatalog>();
        services.AddSingleton<GatewayAddress>();
        services.TryAddSingleton<IGatewayAuthorizer, PolicyGatewayAuthorizer>();
        services.AddSingleton<GatewayRateLimiter>();
        services.AddSingleton<Anomalies.AnomalyReporter>();
        services.AddHostedService(sp => sp.GetRequiredService<Anomalies.AnomalyReporter>());
        services.AddSingleton(sp =>
        {
            var detector = ActivatorUtilities.CreateInstance<Anomalies.AnomalyDetector>(sp);
            sp.GetRequiredService<Anomalies.AnomalyReporter>().Sweep = detector.Sweep;
            return detector;
        });
        services.AddSingleton<GatewayEnforcement>();
        services.AddSingleton<IProxyConfigProvider, GatewayProxyConfig>();
        services.AddHostedService<GatewayTransactionKeys>();
        services.AddReverseProxy()
            .ConfigureHttpClient((_, handler) =>
            {
                // The gateway sets traceparent itself; the client handler must not overwrite it.
                handler.ActivityHeadersPropagator = null;
            })
            .AddTransforms(builder => builder.AddRequestTransform(UpstreamHeaders.ApplyAsync));
        return services;
    }

    /// <summary>Maps <c>/tools/{id}/{**path}</c> through enforcement to the upstream.</summary>
    public static IEndpointRouteBuilder MapReinGateway(this IEndpointRouteBuilder endpoints)
    {
        var enforcement = endpoints.ServiceProvider.GetRequiredService<GatewayEnforcement>();
        endpoints.MapReverseProxy(pipeline =>
        {
            pipeline.Use(enforcement.InvokeAsync);
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
            pipeline.Use(UpstreamErrors.InvokeAsync);
        });
        // Unknown tools (or tools without an upstream) get a problem answer, not the default empty 404.
        endpoints.MapFallback("/tools/{**rest}", (HttpContext context) => enforcement.UnknownToolAsync(context));
        // Upstream services verify the Txn-Token they receive with these keys, fetched from the gateway in front of them.
        endpoints.MapTransactionTokenJwks();
        return endpoints;
    }
}
