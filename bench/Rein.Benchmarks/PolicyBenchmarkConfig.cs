using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Rein.Benchmarks;

/// <summary>
/// The policy benchmarks' job: in-process (the workload is read once in the global setup), BenchmarkDotNet's own
/// pilot stage picks the invocation count (a decision takes about a microsecond), 5 warm-up and 20 measured iterations.
/// Median and P95 are of the per-iteration means; allocations come from the memory diagnoser.
/// </summary>
public sealed class PolicyBenchmarkConfig : ManualConfig
{
    public PolicyBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(5)
            .WithIterationCount(20)
            .WithId("Policy"));
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        AddExporter(JsonExporter.Full);
        AddLogger(ConsoleLogger.Default);
        AddDiagnoser(MemoryDiagnoser.Default);
        WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(Perfolizer.Horology.TimeUnit.Microsecond));
    }
}
