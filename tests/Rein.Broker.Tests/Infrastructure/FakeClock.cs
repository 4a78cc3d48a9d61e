using Microsoft.Extensions.Time.Testing;

namespace Rein.Broker.Tests.Infrastructure;

internal static class FakeClock
{
    /// <summary>Today at noon UTC: minutes can be added without crossing a date boundary.</summary>
    public static DateTimeOffset Noon => new(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero);

    public static FakeTimeProvider AtNoon() => new(Noon);

    /// <summary>
    /// Today at 23:58 UTC: a few minutes later it is tomorrow. Date rules are tested by crossing midnight, not by
    /// advancing a whole day, which would fire every periodic timer thousands of times.
    /// </summary>
    public static DateTimeOffset BeforeMidnight => new(DateTime.UtcNow.Date.AddHours(23).AddMinutes(58), TimeSpan.Zero);
}
