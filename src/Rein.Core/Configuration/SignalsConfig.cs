namespace Rein.Core.Configuration;

/// <summary>
/// Shared signals (yaml <c>signals</c>): the OpenID Shared Signals Framework receiver and transmitter. Each side
/// declares its own members in its own file of this partial record.
/// </summary>
public sealed partial record SignalsConfig
{
    /// <summary>A configuration with nothing under <c>signals</c>.</summary>
    public static SignalsConfig Empty { get; } = new();
}
