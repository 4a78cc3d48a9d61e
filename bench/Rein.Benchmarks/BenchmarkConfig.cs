using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Rein.Benchmarks;

/// <summary>
/// A short, fixed job so the suite runs in a few minutes: one launch, 3 warm-up and 10 measured iterations of exactly
/// <see cref="InvocationsPerIteration"/> calls each. The invocation count is fixed (no pilot stage) because the DPoP
/// and token-endpoint benchmarks consume single-use proofs and assertions from a pool made in advance, and the pool
/// must be big enough for every call BenchmarkDotNet makes. In-process, so the benchmarks share the already-built
/// Release assembly instead of generating and building a project of their own.
/// </summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public const int WarmupIterations = 3;
    public const int MeasuredIterations = 10;
    public const int InvocationsPerIteration = 512;

    /// <summary>Calls per benchmark outside warm-up and measurement: jitting, and the memory diagnoser's extra iteration.</summary>
    public const int ExtraInvocations = 2 * InvocationsPerIteration + 64;

    /// <summary>How many single-use requests a pool-consuming benchmark needs.</summary>
    public const int PoolSize = (WarmupIterations + MeasuredIterations) * InvocationsPerIteration + ExtraInvocations;

    public BenchmarkConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(WarmupIterations)
            .WithIterationCount(MeasuredIterations)
            .WithInvocationCount(InvocationsPerIteration)
            .WithUnrollFactor(1)
            .WithId("Short"));
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddColumn(StatisticColumn.P95);
        AddExporter(MarkdownExporter.GitHub);
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default);
        WithOptions(ConfigOptions.JoinSummary);
        WithSummaryStyle(BenchmarkDotNet.Reports.SummaryStyle.Default.WithTimeUnit(Perfolizer.Horology.TimeUnit.Microsecond));
    }
}
