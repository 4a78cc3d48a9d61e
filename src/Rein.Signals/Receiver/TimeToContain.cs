using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Rein.Signals.Receiver;

/// <summary>
/// The measure of the product (DESIGN §1): for each SET that revokes, suspends or restricts anything, the time from
/// its receipt to this instance's revocation index holding its entries: applied ahead of the commit when they only
/// tighten, else once committed and published. Recorded only for SETs whose transaction committed.
/// Exported as the histogram <c>rein.signals.time_to_contain</c> (milliseconds) on the meter <c>Rein.Signals</c>.
/// </summary>
public sealed class TimeToContain : IDisposable
{
    public const string MeterName = "Rein.Signals";
    public const string InstrumentName = "rein.signals.time_to_contain";

    private readonly Meter _meter;
    private readonly Histogram<double> _histogram;

    public TimeToContain(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _histogram = _meter.CreateHistogram<double>(InstrumentName, unit: "ms",
            description: "From receipt of a Security Event Token to the revocation index applied, per revoking event.");
    }

    /// <summary>The most recent measurement, in milliseconds (what <c>rein demo</c> prints).</summary>
    public double? Last { get; private set; }

    public double Record(long receivedTimestamp, string transmitter, string eventType, string delivery) =>
        Record(Stopwatch.GetElapsedTime(receivedTimestamp).TotalMilliseconds, transmitter, eventType, delivery);

    /// <summary>Records <paramref name="elapsed"/> milliseconds from receipt to this instance's index holding the event's entries.</summary>
    public double Record(double elapsed, string transmitter, string eventType, string delivery)
    {
        Last = elapsed;
        _histogram.Record(elapsed,
            new KeyValuePair<string, object?>("transmitter", transmitter),
            new KeyValuePair<string, object?>("event", EventActionTable.ShortName(eventType)),
            new KeyValuePair<string, object?>("delivery", delivery));
        return elapsed;
    }

    public void Dispose() => _meter.Dispose();
}
