using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rein.Core.Keys;
using Rein.Core.Registry;
using Rein.Core.Revocation;
using Rein.Core.Storage;
using Rein.Core.Tokens;
using Rein.Core.Trust;
using Rein.Jose;
using Rein.Jose.DPoP;

namespace Rein.Core.Hosting;

public static class ReinCoreServiceCollectionExtensions
{
    /// <summary>Registers the domain: store, key ring, registry, revocation index and bus, trusted issuers.</summary>
    public static IServiceCollection AddReinCore(this IServiceCollection services, ReinCoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.DataDirectory);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(new IssuerIdentity());
        services.AddSingleton(new ReinRegistry(options.Config));

        services.AddPooledDbContextFactory<ReinDbContext>(db =>
            StoreContextFactory.Configure(db, options.Store));

        services.AddSingleton(_ => options.MasterKey ?? MasterKey.Load(options.DataDirectory));
        services.AddSingleton<KeyProtector>();
        // Lazy: a verify-only gateway never touches the master key.
        services.AddSingleton(sp => new Lazy<KeyProtector>(sp.GetRequiredService<KeyProtector>));
        services.AddSingleton(options.Keys);
        services.AddSingleton<KeyRing>();
        services.AddSingleton<Transactions.TransactionKeyRing>();
        services.AddSingleton<Transactions.TransactionTokenIssuer>();
        services.AddSingleton<Transactions.TransactionJwksEndpoint.Marker>();

        services.AddSingleton<Events.ReinEventHub>();
        services.AddSingleton<RevocationIndex>();
        services.TryAddSingleton<IRevocationBus, InProcessRevocationBus>();
        services.AddSingleton<RevocationService>();
        services.AddSingleton<AccessTokenValidator>();
        // DPoP proof jtis, broker and gateway alike: each is remembered for the proof's acceptance window (5 minutes and
        // the allowed skew), so 4,000,000 (about 64 bytes each, allocated as used) covers ~13,000 proofs a second
        // sustained. Past it new proofs are refused (fail closed). Client assertions have a cache of their own.
        services.TryAddSingleton(sp => new ReplayCache(sp.GetRequiredService<TimeProvider>(), capacity: 4_000_000));
        services.TryAddSingleton(sp => new DPoPProofValidator(new DPoPOptions(), sp.GetRequiredService<ReplayCache>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ValidatedTokenCache(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ProtectedResourceAuthenticator>();
        services.AddSingleton<AgentControl>();
        services.AddSingleton<Delegation.GrantCatalog>();
        services.AddSingleton<Delegation.GrantService>();
        services.AddSingleton<Delegation.ApprovalService>();

        services.AddHttpClient(TrustedKeySource.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<TrustedKeySource>();

        services.AddHostedService<ReinCoreStartup>();
        services.AddSingleton<Policies.PolicyEngine>();
        services.AddHostedService<Policies.PolicyWatcher>();
        services.AddSingleton<Audit.AuditLog>();
        services.AddHostedService(sp => sp.GetRequiredService<Audit.AuditLog>());
        return services;
    }
}
