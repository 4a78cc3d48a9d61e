using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rein.Broker.ClientAuthentication;
using Rein.Broker.Endpoints;
using Rein.Broker.Tokens;
using Rein.Core.Keys;
using Rein.Core.Transactions;
using Rein.Jose;
using Rein.Jose.DPoP;

namespace Rein.Broker;

public static class BrokerServiceCollectionExtensions
{
    /// <summary>
    /// The service key of the replay cache for client assertion <c>jti</c>s. It is not the DPoP proofs' cache: a flood
    /// of assertions (each remembered until its <c>exp</c>, up to 10 minutes) must not fill the cache every gateway
    /// call's proof goes through, and the other way round.
    /// </summary>
    public const string AssertionReplayCacheKey = "client-assertions";

    /// <summary>Registers the broker: client authentication, DPoP, token issuance and the OAuth endpoints.</summary>
    public static IServiceCollection AddReinBroker(this IServiceCollection services, BrokerOptions? options = null)
    {
        var brokerOptions = options ?? new BrokerOptions();
        services.AddSingleton(brokerOptions);
        services.TryAddSingleton(sp => new DPoPNonces(
            sp.GetRequiredService<MasterKey>().DeriveKey("dpop-nonce"), sp.GetRequiredService<TimeProvider>(), brokerOptions.DPoPNonceLifetime));
        services.TryAddKeyedSingleton(AssertionReplayCacheKey,
            (sp, _) => new ReplayCache(sp.GetRequiredService<TimeProvider>(), ClientAuthenticator.AssertionReplayCapacity));
        services.AddSingleton<ClientAuthenticator>();
        services.AddSingleton<DPoPCheck>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<Delegation.SubjectTokenValidator>();
        services.AddSingleton<Delegation.ActorTokenValidator>();
        services.AddSingleton<TokenEndpoint>();
        services.AddSingleton<IntrospectionEndpoint>();
        services.AddSingleton<RevocationEndpoint>();
        services.AddSingleton<DiscoveryEndpoints>();
        return services;
    }

    /// <summary>
    /// Maps the OAuth endpoints named in the RFC 8414 metadata. The POST endpoints answer every method, so a GET
    /// gets an RFC 6749 <c>invalid_request</c> rather than a bare 405.
    /// </summary>
    public static IEndpointRouteBuilder MapReinBroker(this IEndpointRouteBuilder endpoints)
    {
        // Note: the handlers are singletons, taken once here: a handler parameter resolved per request would make
        // ASP.NET Core open (and dispose) a DI scope for every token request, for nothing.
        var services = endpoints.ServiceProvider;
        var discovery = services.GetRequiredService<DiscoveryEndpoints>();
        var token = services.GetRequiredService<TokenEndpoint>();
        var introspection = services.GetRequiredService<IntrospectionEndpoint>();
        var revocation = services.GetRequiredService<RevocationEndpoint>();
        endpoints.MapGet(DiscoveryEndpoints.MetadataPath, () => discovery.Metadata()).ExcludeFromDescription();
        endpoints.MapGet(DiscoveryEndpoints.JwksPath, (HttpContext c) => discovery.Jwks(c)).ExcludeFromDescription();
        endpoints.Map(TokenEndpoint.Path, Answer(token.HandleAsync)).ExcludeFromDescription();
        endpoints.Map(IntrospectionEndpoint.Path, Answer(introspection.HandleAsync)).ExcludeFromDescription();
        endpoints.Map(RevocationEndpoint.Path, Answer(revocation.HandleAsync)).ExcludeFromDescription();
        endpoints.MapTransactionTokenJwks();
        return endpoints;
    }

    /// <summary>A request delegate that runs <paramref name="handler"/> and writes the result it returns.</summary>
    private static RequestDelegate Answer(Func<HttpContext, Task<IResult>> handler) => async context =>
    {
        var result = await handler(context).ConfigureAwait(false);
        await result.ExecuteAsync(context).ConfigureAwait(false);
    };
}
