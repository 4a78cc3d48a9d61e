namespace Rein.Gateway.Tests.Infrastructure;

/// <summary>One Rein and one upstream per test class (xunit class fixture); tests in a class run one at a time.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private GatewayHost? _host;

    internal GatewayHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => _host = await GatewayHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}
