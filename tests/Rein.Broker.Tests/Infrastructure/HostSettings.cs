using Microsoft.Extensions.Time.Testing;

namespace Rein.Broker.Tests.Infrastructure;

/// <summary>How a test host differs from the defaults.</summary>
internal sealed record HostSettings
{
    /// <summary>A fake clock for the whole host (lifetimes, iat windows, nonces, JWKS refresh).</summary>
    public FakeTimeProvider? Time { get; init; }

    public Rein.Broker.BrokerOptions? Broker { get; init; }

    /// <summary>A data directory to reuse (restart tests); otherwise a fresh temp directory, deleted on dispose.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Fixed listen URLs; default <c>http://127.0.0.1:0</c>.</summary>
    public IReadOnlyList<string>? Urls { get; init; }
}
