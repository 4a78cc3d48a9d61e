namespace Rein.Benchmarks;

/// <summary>
/// Single decisions timed one by one (<see cref="PolicyCheckCommand"/>), in microseconds, and the process CPU time
/// per decision over an untimed loop.
/// </summary>
internal sealed record PolicyCallTiming(
    int Policies, int Entities, int Decisions, double AllowShare, double P50Us, double P99Us, double MeanUs, double CpuUs);
