namespace Rein.Signals.Transmitter.Outbox;

/// <summary>
/// Exponential backoff with jitter for push retries: attempt n waits a random time between half and all of
/// <c>base · 2^(n-1)</c>, capped, so receivers coming back are not hit by every stream at the same instant.
/// </summary>
internal static class RetryPolicy
{
    /// <summary>A 400 with an RFC 8935 error is retried this many times (the receiver may be mid-rollover) before the SET is dropped.</summary>
    public const int MaxRejections = 5;

    public static TimeSpan Delay(int attempt, TimeSpan retryBase, TimeSpan cap)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ceiling = Math.Min(cap.TotalMilliseconds, retryBase.TotalMilliseconds * Math.Pow(2, exponent));
        var jittered = ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2;
        return TimeSpan.FromMilliseconds(Math.Max(1, jittered));
    }
}
