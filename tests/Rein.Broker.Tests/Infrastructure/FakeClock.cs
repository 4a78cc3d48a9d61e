using Microsoft.Extensions.Time.Testing;

namespace Rein.Broker.Tests.Infrastructure;

internal static class FakeClock
{
    /// <summary>Today at noon UTC: minutes can be added without crossing a date boundary.</summary>
    public static DateTimeOffset Noon => new(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero);

    public static FakeTimeProvider AtNoon() => new(Noon);
}
