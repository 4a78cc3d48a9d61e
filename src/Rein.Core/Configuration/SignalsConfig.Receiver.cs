namespace Rein.Core.Configuration;

public sealed partial record SignalsConfig
{
    /// <summary>The SSF transmitters whose events Rein acts on (yaml <c>signals.transmitters</c>).</summary>
    public IReadOnlyList<SignalTransmitterConfig> Transmitters { get; init; } = [];
}
