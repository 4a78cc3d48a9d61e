namespace Rein.Benchmarks;

/// <summary>One BenchmarkDotNet result of the policy benchmarks, per operation (one decision), in nanoseconds and bytes.</summary>
internal sealed record PolicyBenchmarkResult(
    string Benchmark, int? Policies, double MeanNs, double MedianNs, double P95Ns, double? RatioToBaseline, long AllocatedBytes);
