using System.Text.Json;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Rein.Benchmarks;

/// <summary>
/// <c>rein-benchmarks policy [--out FILE] [-- BenchmarkDotNet args]</c>: runs <see cref="PolicyEvaluationBenchmarks"/>
/// (on the workload named by <c>REIN_POLICY_WORKLOAD</c>, at the sizes in <c>REIN_POLICY_SIZES</c>) and
/// <see cref="PolicyEngineBenchmarks"/>, and writes each result's mean, median, P95 and allocation per decision to
/// FILE for <c>policy-report</c>. Exit 1 when a benchmark produced no result.
/// </summary>
internal static class PolicyBenchCommand
{
    public static int Run(string[] args)
    {
        var options = CommandArgs.Parse(args, "out");
        var summaries = BenchmarkRunner.Run([typeof(PolicyEvaluationBenchmarks), typeof(PolicyEngineBenchmarks)], args: options.Rest);
        var results = new List<PolicyBenchmarkResult>();
        var missing = 0;
        foreach (var summary in summaries)
        {
            foreach (var report in summary.Reports)
            {
                var benchmark = report.BenchmarkCase;
                var name = benchmark.Descriptor.Type.Name + "." + benchmark.Descriptor.WorkloadMethod.Name;
                if (report.ResultStatistics is not { } stats)
                {
                    Console.Error.WriteLine($"policy: {name} {benchmark.Parameters.PrintInfo} produced no result");
                    missing++;
                    continue;
                }

                var policies = benchmark.Parameters.Items.FirstOrDefault(p => p.Name == nameof(PolicyEvaluationBenchmarks.Policies))?.Value as int?;
                results.Add(new PolicyBenchmarkResult(
                    name,
                    policies,
                    stats.Mean,
                    stats.Median,
                    stats.Percentiles.P95,
                    Ratio(summary, report),
                    report.GcStats.GetBytesAllocatedPerOperation(benchmark) ?? -1));
            }
        }

        if (options.Get("out") is { } output)
        {
            File.WriteAllText(output, JsonSerializer.Serialize(results, PolicyReportJson.Options));
        }

        return missing == 0 && results.Count > 0 ? 0 : 1;
    }

    /// <summary>This result's mean over its class's baseline mean, when the class has a baseline.</summary>
    private static double? Ratio(Summary summary, BenchmarkReport report)
    {
        var baseline = summary.Reports.FirstOrDefault(r =>
            r.BenchmarkCase.Descriptor.Baseline && r.BenchmarkCase.Descriptor.Type == report.BenchmarkCase.Descriptor.Type);
        return baseline?.ResultStatistics is { } b && report.ResultStatistics is { } s ? s.Mean / b.Mean : null;
    }
}
