namespace Rein.Core.Configuration;

public sealed partial record SignalsConfig
{
    /// <summary>
    /// The clients allowed to manage event streams at Rein's transmitter (yaml <c>signals.receivers</c>); they obtain
    /// <c>ssf.manage</c> / <c>ssf.read</c> tokens from the broker, like admins obtain <c>rein:admin</c>.
    /// </summary>
    public IReadOnlyList<SignalReceiverConfig> Receivers { get; init; } = [];

    /// <summary>What the gateway flags as anomalous and what it does about it (yaml <c>signals.anomalies</c>).</summary>
    public AnomalyConfig Anomalies { get; init; } = AnomalyConfig.Default;
}
