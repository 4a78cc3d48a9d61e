using Microsoft.Extensions.Time.Testing;
using Rein.Core.Configuration;
using Rein.Server.Hosting;

namespace Rein.Gateway.Tests.Infrastructure;

/// <summary>How a test host differs from the defaults.</summary>
internal sealed record HostSettings
{
    /// <summary>A fake clock for the whole host and for the SDK clients it hands out.</summary>
    public FakeTimeProvider? Time { get; init; }

    /// <summary>A data directory to reuse (restart); otherwise a fresh temp directory, deleted on dispose.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Fixed listen URLs; default <c>http://127.0.0.1:0</c>.</summary>
    public IReadOnlyList<string>? Urls { get; init; }

    public ReinRoles Roles { get; init; } = ReinRoles.All;

    /// <summary>The <c>--store</c> override.</summary>
    public string? Store { get; init; }

    /// <summary>Changes to the standard registry (issuer, extra tools).</summary>
    public Func<ReinConfig, ReinConfig>? Customize { get; init; }

    /// <summary>Wrap the store in a <see cref="BreakableStore"/> the test can take away.</summary>
    public bool StoreCanBreak { get; init; }

    /// <summary>The host's diagnostic log level; Warning keeps test output quiet.</summary>
    public Microsoft.Extensions.Logging.LogLevel MinimumLogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Warning;

    /// <summary>Receives every diagnostic log line the host writes (after its filters).</summary>
    public CapturingLoggerProvider? Logs { get; init; }

    /// <summary>An upstream to reuse instead of starting one (two hosts in front of the same tool).</summary>
    public EchoUpstream? Upstream { get; init; }
}
