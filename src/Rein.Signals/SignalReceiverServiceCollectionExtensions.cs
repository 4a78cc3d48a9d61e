using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rein.Signals.Receiver;

namespace Rein.Signals;

public static class SignalReceiverServiceCollectionExtensions
{
    /// <summary>Registers the SSF receiver: SET validation, push and poll delivery, event actions, time to contain.</summary>
    public static IServiceCollection AddReinSignalReceiver(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddHttpClient(TransmitterMetadataClient.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<TransmitterMetadataClient>();
        services.AddSingleton<ReceiptStore>();
        services.AddSingleton<StreamStateStore>();
        services.AddSingleton<SubjectResolver>();
        services.AddSingleton<EventEffects>();
        services.AddSingleton<TimeToContain>();
        services.AddSingleton<SignalReceiver>();
        services.AddSingleton<PollClient>();
        services.AddSingleton<StreamManager>();
        services.AddHostedService<SignalReceiverService>();
        return services;
    }

    /// <summary>Maps <c>POST /ssf/receiver/{id}</c>, the push endpoint of each transmitter (RFC 8935).</summary>
    public static IEndpointRouteBuilder MapReinSignalReceiver(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(PushEndpoint.Pattern, (HttpContext context, string id, SignalReceiver receiver) => PushEndpoint.HandleAsync(context, id, receiver));
        return endpoints;
    }
}
