using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Rein.Benchmarks;

/// <summary>
/// For <see cref="TransactionTokenBenchmarks"/>: the goal is a ratio to one ES256 signature within 10 %, a smaller
/// difference than the noise of a short job on a shared machine. So more samples (40 measured iterations of 2,048 calls),
/// the median next to the mean, and each benchmark measured twice in the same run: by the wall clock, and by the CPU time
/// of the benchmark's thread (<see cref="ThreadCpuClock"/>), which other processes on the same cores do not inflate.
/// Nothing here consumes a pool, so the invocation count is free.
/// </summary>
public sealed class TransactionTokenBenchmarkConfig : ManualConfig
{
    public TransactionTokenBenchmarkConfig()
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(5)
            .WithIterationCount(40)
            .WithInvocationCount(2048)
            .WithUnrollFactor(1);
        AddJob(job.WithId("Wall"));
        if (ThreadCpuClock.Instance.IsAvailable) AddJob(job.WithClock(ThreadCpuClock.Instance).WithId("ThreadCpu"));
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        AddExporter(MarkdownExporter.GitHub);
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default);
        WithOptions(ConfigOptions.JoinSummary);
        WithSummaryStyle(BenchmarkDotNet.Reports.SummaryStyle.Default.WithTimeUnit(Perfolizer.Horology.TimeUnit.Microsecond));
    }
}
