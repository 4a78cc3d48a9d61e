using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rein.Signals.Transmitter.Discovery;
using Rein.Signals.Transmitter.Events;
using Rein.Signals.Transmitter.Management;
using Rein.Signals.Transmitter.Outbox;
using Rein.Signals.Transmitter.Poll;
using Rein.Signals.Transmitter.Streams;

namespace Rein.Signals.Transmitter;

public static class TransmitterServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SSF transmitter: discovery, stream management, the durable outbox with push and poll delivery,
    /// and the subscription that turns Rein's own actions into CAEP/RISC events. Needs <c>AddReinCore</c> first.
    /// </summary>
    public static IServiceCollection AddReinSignalTransmitter(this IServiceCollection services, TransmitterOptions? options = null)
    {
        services.TryAddSingleton(options ?? new TransmitterOptions());
        services.AddSingleton<EventTypesSupported>();
        services.AddSingleton<StreamCatalog>();
        services.AddSingleton<StreamStore>();
        services.AddSingleton<ReceiverAuthorization>();
        services.AddSingleton<StreamLeases>();
        services.AddSingleton<OutboxWriter>();
        services.AddSingleton<RecentTransactions>();
        services.AddSingleton<EventFanout>();
        services.AddSingleton<CredentialChangeWatcher>();
        services.AddSingleton<PushClient>();
        services.AddSingleton<SsfConfigurationEndpoint>();
        services.AddSingleton<StreamConfigurationEndpoints>();
        services.AddSingleton<StatusEndpoints>();
        services.AddSingleton<SubjectEndpoints>();
        services.AddSingleton<VerificationEndpoint>();
        services.AddSingleton<PollEndpoint>();
        services.AddHostedService<TransmitterStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxWriter>());
        services.AddSingleton<PushDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<PushDispatcher>());
        return services;
    }

    /// <summary>Maps <c>/.well-known/ssf-configuration</c>, the management endpoints it names, and the poll endpoints.</summary>
    public static IEndpointRouteBuilder MapReinSignalTransmitter(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(SsfPaths.Configuration + "/{**rest}", (SsfConfigurationEndpoint e, string? rest) => e.Get(rest)).ExcludeFromDescription();
        endpoints.MapPost(SsfPaths.Stream, (StreamConfigurationEndpoints e, HttpContext c) => e.CreateAsync(c)).ExcludeFromDescription();
        endpoints.MapGet(SsfPaths.Stream, (StreamConfigurationEndpoints e, HttpContext c) => e.Read(c)).ExcludeFromDescription();
        endpoints.MapPatch(SsfPaths.Stream, (StreamConfigurationEndpoints e, HttpContext c) => e.UpdateAsync(c)).ExcludeFromDescription();
        endpoints.MapPut(SsfPaths.Stream, (StreamConfigurationEndpoints e, HttpContext c) => e.ReplaceAsync(c)).ExcludeFromDescription();
        endpoints.MapDelete(SsfPaths.Stream, (StreamConfigurationEndpoints e, HttpContext c) => e.DeleteAsync(c)).ExcludeFromDescription();
        endpoints.MapGet(SsfPaths.Status, (StatusEndpoints e, HttpContext c) => e.Read(c)).ExcludeFromDescription();
        endpoints.MapPost(SsfPaths.Status, (StatusEndpoints e, HttpContext c) => e.UpdateAsync(c)).ExcludeFromDescription();
        endpoints.MapPost(SsfPaths.AddSubject, (SubjectEndpoints e, HttpContext c) => e.AddAsync(c)).ExcludeFromDescription();
        endpoints.MapPost(SsfPaths.RemoveSubject, (SubjectEndpoints e, HttpContext c) => e.RemoveAsync(c)).ExcludeFromDescription();
        endpoints.MapPost(SsfPaths.Verify, (VerificationEndpoint e, HttpContext c) => e.VerifyAsync(c)).ExcludeFromDescription();
        endpoints.MapPost(SsfPaths.PollPrefix + "{streamId}", (PollEndpoint e, HttpContext c, string streamId) => e.PollAsync(c, streamId)).ExcludeFromDescription();
        return endpoints;
    }
}
