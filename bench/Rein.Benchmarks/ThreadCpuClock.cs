using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace Rein.Benchmarks;

/// <summary>
/// A BenchmarkDotNet clock that reads the CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>)
/// instead of the wall clock. On a shared, oversubscribed machine the wall clock also counts the time other processes
/// held the core; this clock counts only the time the benchmark's own thread ran, so a ratio to a baseline measured the
/// same way survives the load. The engine reads it on the thread that runs the benchmark, once per iteration.
/// </summary>
internal sealed class ThreadCpuClock : IClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static readonly ThreadCpuClock Instance = new();

    public string Title => "Thread CPU time";

    public bool IsAvailable => OperatingSystem.IsLinux() && TryRead(out _);

    public Frequency Frequency => new(1_000_000_000);

    public long GetTimestamp() => TryRead(out var nanoseconds)
        ? nanoseconds
        : throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");

    private static bool TryRead(out long nanoseconds)
    {
        if (clock_gettime(ClockThreadCpuTimeId, out var time) != 0)
        {
            nanoseconds = 0;
            return false;
        }
        nanoseconds = time.Seconds * 1_000_000_000 + time.Nanoseconds;
        return true;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
}
