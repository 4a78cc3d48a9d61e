using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rein.Broker;
using Rein.Core.Configuration;
using Rein.Core.Keys;

namespace Rein.Server.Hosting;

/// <summary>How to start a Rein host: what <c>rein serve</c> parses from its flags, and what tests set directly.</summary>
public sealed record ReinAppOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public ReinConfig Config { get; init; } = ReinConfig.Empty;
    public string DataDirectory { get; init; } = Path.Combine(Environment.CurrentDirectory, ".rein");

    /// <summary><c>--store</c>: overrides the config file's <c>store:</c>.</summary>
    public string? Store { get; init; }

    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>
    /// The gateway's public base URL when it differs from where it listens (behind a load balancer), or when it runs
    /// without the broker. Default: the issuer, or for a gateway alone its first listening URL.
    /// </summary>
    public string? PublicUrl { get; init; }

    /// <summary>Which roles this process runs (all by default).</summary>
    public ReinRoles Roles { get; init; } = ReinRoles.All;
    public BrokerOptions Broker { get; init; } = new();
    public KeyRingOptions Keys { get; init; } = new();
    public MasterKey? MasterKey { get; init; }
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;

    /// <summary>Last say over services, e.g. a fake <see cref="TimeProvider"/> in tests.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
