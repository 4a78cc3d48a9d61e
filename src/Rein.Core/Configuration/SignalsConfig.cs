namespace Rein.Core.Configuration;

/// <summary>
/// Shared signals (yaml <c>signals</c>): the SSF transmitters Rein receives events from and the receivers it sends
/// events to. Each side declares its own properties in its own part of this record.
/// </summary>
public sealed partial record SignalsConfig
{
    /// <summary>No transmitters and no receivers: what an absent <c>signals:</c> loads to.</summary>
    public static SignalsConfig Empty { get; } = new();
}
