namespace Rein.Signals.Tests.Transmitter.Infrastructure;

/// <summary>One Rein and one loopback receiver per test class; tests that change shared state use their own agents and streams.</summary>
public sealed class SignalsFixture : IAsyncLifetime
{
    private SignalsHost? _host;

    internal SignalsHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => _host = await SignalsHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}
