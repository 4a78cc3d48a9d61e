using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rein.Broker;
using Rein.Core.Hosting;
using Rein.Core.Storage;
using Rein.Gateway;
using Rein.Server.Admin;
using Rein.Signals;
using Rein.Signals.Transmitter;

namespace Rein.Server.Hosting;

/// <summary>
/// A running Rein: Kestrel plus every role. <c>rein serve</c>, <c>rein demo</c> and the end-to-end tests all start it
/// through <see cref="StartAsync"/>, so what the tests exercise is what users run.
/// </summary>
public sealed class ReinApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ReinApp(WebApplication app, string issuer)
    {
        _app = app;
        Issuer = issuer;
    }

    /// <summary>The issuer URL, which is also the base URL of every endpoint.</summary>
    public string Issuer { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ReinApp> StartAsync(ReinAppOptions options, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "rein" });
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.Limits.MaxRequestBodySize = 1024 * 1024;
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        // EF Core's command log would print SQL for every request; Rein logs what matters itself.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Hosting starts an Activity and tracks a log scope for every request whenever this category is enabled at any
        // level, and it only ever logs request start and end (Information), which the line above already drops. Off,
        // a request costs no Activity; unhandled exceptions are still logged by Kestrel's own category.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        // YARP logs two lines per proxied request at Information, with the upstream URL (query string included):
        // a console write per line on the gateway's hot path, and request data in the diagnostic log.
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);

        if (options.Roles == ReinRoles.None) throw new ArgumentException("At least one role must run.", nameof(options));
        if (!options.Roles.HasFlag(ReinRoles.Broker) && options.Config.Issuer is null)
        {
            // Without the broker this process cannot name the issuer itself; tokens must match the broker's.
            throw new ArgumentException("Without the broker role, the config must name the broker's issuer.", nameof(options));
        }

        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        builder.Services.AddReinCore(new ReinCoreOptions
        {
            Config = options.Config,
            DataDirectory = dataDirectory,
            Store = StoreOptions.Resolve(options.Store ?? options.Config.Store, dataDirectory),
            // Note: the transmitter signs SETs with the issuer's keys, so the signals role holds them like the broker.
            Keys = options.Keys with { SignsTokens = options.Roles.HasFlag(ReinRoles.Broker) || options.Roles.HasFlag(ReinRoles.Signals) },
            MasterKey = options.MasterKey,
        });
        if (options.Roles.HasFlag(ReinRoles.Broker)) builder.Services.AddReinBroker(options.Broker);
        if (options.Roles.HasFlag(ReinRoles.Admin)) builder.Services.AddReinAdmin();
        if (options.Roles.HasFlag(ReinRoles.Gateway)) builder.Services.AddReinGateway();
        if (options.Roles.HasFlag(ReinRoles.Signals)) builder.Services.AddReinSignalReceiver();
        if (options.Roles.HasFlag(ReinRoles.Signals)) builder.Services.AddReinSignalTransmitter();
        options.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        if (options.Roles.HasFlag(ReinRoles.Broker)) app.MapReinBroker();
        if (options.Roles.HasFlag(ReinRoles.Admin)) app.MapReinAdmin();
        if (options.Roles.HasFlag(ReinRoles.Gateway)) app.MapReinGateway();
        if (options.Roles.HasFlag(ReinRoles.Signals)) app.MapReinSignalReceiver();
        if (options.Roles.HasFlag(ReinRoles.Signals)) app.MapReinSignalTransmitter();

        // The issuer must be known before the first request; with port 0 it is known only once Kestrel has bound,
        // and requests cannot reach a port nobody knows yet.
        var identity = app.Services.GetRequiredService<IssuerIdentity>();
        if (options.Config.Issuer is { } configured) identity.Set(configured);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        if (!identity.IsSet)
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            identity.Set(Loopback(address));
        }
        if (options.Roles.HasFlag(ReinRoles.Gateway))
        {
            var listening = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            app.Services.GetRequiredService<GatewayAddress>().Set(options.PublicUrl
                ?? (options.Roles.HasFlag(ReinRoles.Broker) ? identity.Issuer : Loopback(listening)));
        }
        return new ReinApp(app, identity.Issuer);
    }

    /// <summary>A wildcard listening address, made into one a local client can use.</summary>
    private static string Loopback(string address) =>
        address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);

    /// <summary>The gateway's public base URL (the <c>htu</c> agents sign), when the gateway role runs.</summary>
    public string? GatewayUrl => _app.Services.GetService<GatewayAddress>()?.BaseUrl;

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
