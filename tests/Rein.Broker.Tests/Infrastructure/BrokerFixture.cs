using Rein.Core.Configuration;

namespace Rein.Broker.Tests.Infrastructure;

/// <summary>One Rein per test class (xunit class fixture), started before the first test and stopped after the last.</summary>
public abstract class BrokerFixture : IAsyncLifetime
{
    private BrokerHost? _host;

    internal BrokerHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    internal virtual ReinConfig Configure() => Scenario.Standard();

    internal virtual HostSettings Settings() => new();

    public virtual async Task InitializeAsync() => _host = await BrokerHost.StartAsync(Configure(), Settings());

    public virtual async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}

/// <summary>The standard scenario on the system clock.</summary>
public sealed class StandardBroker : BrokerFixture;
