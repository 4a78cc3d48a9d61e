using System.Collections.Concurrent;

namespace Rein.Signals.Transmitter.Events;

/// <summary>
/// The events Rein transmitted lately, by <c>txn</c>, event type and subject: a received event that Rein itself
/// sent (its own, or one it re-transmitted) and that comes back through another transmitter is not sent again, so two
/// Reins (or a Rein and any transmitter that keeps <c>txn</c>) relaying to each other cannot loop. In memory and
/// bounded: after a restart a looping event goes round once more, and the peer that still remembers it stops it.
/// </summary>
internal sealed class RecentTransactions(TimeProvider time)
{
    /// <summary>How long an event is remembered: far longer than any relay chain takes to bring it back.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>At most this many are remembered; the oldest go first.</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<string, long> _sent = new(StringComparer.Ordinal);

    public void Remember(EmittedEvent item)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        _sent[Key(item)] = now;
        if (_sent.Count > Capacity) Trim(now);
    }

    public bool WasSent(EmittedEvent item) =>
        _sent.TryGetValue(Key(item), out var at) && time.GetUtcNow().ToUnixTimeMilliseconds() - at < (long)Retention.TotalMilliseconds;

    private void Trim(long now)
    {
        var expired = now - (long)Retention.TotalMilliseconds;
        foreach (var pair in _sent)
        {
            if (pair.Value < expired) _sent.TryRemove(pair);
        }
        if (_sent.Count <= Capacity) return;
        foreach (var pair in _sent.OrderBy(p => p.Value).Take(_sent.Count - Capacity * 3 / 4).ToList()) _sent.TryRemove(pair);
    }

    private static string Key(EmittedEvent item) => item.Txn + "\n" + item.Type + "\n" + item.Subject.Canonical;
}
