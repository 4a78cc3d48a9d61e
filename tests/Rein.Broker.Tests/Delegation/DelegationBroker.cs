using Rein.Broker.Tests.Infrastructure;
using Rein.Core.Configuration;

namespace Rein.Broker.Tests.Delegation;

/// <summary>The delegation scenario on the system clock.</summary>
public sealed class DelegationBroker : BrokerFixture
{
    internal override ReinConfig Configure() => DelegationScenario.Config();
}

/// <summary>The delegation scenario on a fake clock (approvals and tokens that expire).</summary>
public sealed class DelegationClockBroker : BrokerFixture
{
    internal override ReinConfig Configure() => DelegationScenario.Config();

    internal override HostSettings Settings() => new() { Time = FakeClock.AtNoon() };
}
