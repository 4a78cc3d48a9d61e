namespace Rein.Benchmarks;

/// <summary>Single decisions timed one by one (<see cref="PolicyCheckCommand"/>), in microseconds.</summary>
internal sealed record PolicyCallTiming(int Policies, int Decisions, double AllowShare, double P50Us, double P99Us, double MeanUs);
