using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Rein.Policy;

namespace Rein.Benchmarks;

/// <summary>
/// <c>rein-benchmarks policy-check --workload DIR --sizes 10,100 [--seconds 3] [--max 200000] [--out FILE]</c>:
/// for each size, decides every request of the workload with Rein.Policy and compares the decision, the determining
/// policies and the erroring policies with cedar-wasm's (<c>decisions-N.json</c>); any difference fails the command
/// (exit 1) before anything is timed. Then it times single decisions the way <c>interop/cedar/bench.mjs</c> times
/// cedar-wasm's (a monotonic clock read around each call, warm-up first, p50/p99/mean over the samples), so the two
/// engines' per-call percentiles come from one method, and the process CPU time per decision over a loop of them.
/// BenchmarkDotNet (<c>policy</c>) gives the mean, the median of its iterations and the allocations.
/// </summary>
internal static class PolicyCheckCommand
{
    private const int MismatchesShown = 10;

    public static int Run(string[] args)
    {
        var options = CommandArgs.Parse(args, "workload", "sizes", "seconds", "max", "out");
        var directory = options.Required("workload");
        var sizes = CommandArgs.Sizes(options.Required("sizes"));
        var seconds = double.Parse(options.Get("seconds") ?? "3", CultureInfo.InvariantCulture);
        var max = int.Parse(options.Get("max") ?? "200000", CultureInfo.InvariantCulture);

        var rows = new List<PolicyCallTiming>();
        foreach (var size in sizes)
        {
            var workload = PolicyWorkload.Load(directory, size);
            var expected = PolicyWorkload.LoadExpected(directory, size);
            if (expected.Count != workload.Requests.Length)
            {
                Console.Error.WriteLine($"policy-check: {size} policies: {workload.Requests.Length} requests but {expected.Count} cedar-wasm answers");
                return 1;
            }

            var mismatches = 0;
            for (var i = 0; i < workload.Requests.Length; i++)
            {
                var ours = PolicyAnswer.Of(Authorizer.IsAuthorized(workload.Requests[i], workload.Policies, workload.Entities));
                if (!ours.SameAs(expected[i]) && ++mismatches <= MismatchesShown)
                {
                    Console.Error.WriteLine($"policy-check: {size} policies, request {i}: cedar-wasm {expected[i]}, Rein {ours}");
                }
            }

            if (mismatches > 0)
            {
                Console.Error.WriteLine($"policy-check: {size} policies: Rein and cedar-wasm disagree on {mismatches} of {workload.Requests.Length} requests");
                return 1;
            }

            var timing = Time(workload, seconds, max);
            rows.Add(timing);
            Console.WriteLine(
                $"policy-check: {size,6} policies: {workload.Requests.Length} answers identical to cedar-wasm's; " +
                $"{timing.Decisions} timed decisions, allow {timing.AllowShare:0.00}, p50 {timing.P50Us:0.00} µs, p99 {timing.P99Us:0.00} µs, mean {timing.MeanUs:0.00} µs, CPU {timing.CpuUs:0.00} µs");
        }

        if (options.Get("out") is { } output)
        {
            File.WriteAllText(output, JsonSerializer.Serialize(rows, PolicyReportJson.Options));
        }

        return 0;
    }

    private static PolicyCallTiming Time(PolicyWorkload workload, double seconds, int max)
    {
        var requests = workload.Requests;

        // Warm up (tiered JIT and PGO) for a third of the budget, then time single decisions until the time or count
        // budget is spent: the same loop as bench.mjs, with Stopwatch ticks for process.hrtime.
        var warmUntil = Stopwatch.GetTimestamp() + (long)(seconds / 3 * Stopwatch.Frequency);
        for (var i = 0; Stopwatch.GetTimestamp() < warmUntil; i++)
        {
            Authorizer.IsAuthorized(requests[i % requests.Length], workload.Policies, workload.Entities);
        }

        var samples = new double[max];
        var count = 0;
        var allow = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        for (var i = 0; count < max; i++)
        {
            var request = requests[i % requests.Length];
            var t0 = Stopwatch.GetTimestamp();
            var answer = Authorizer.IsAuthorized(request, workload.Policies, workload.Entities);
            var t1 = Stopwatch.GetTimestamp();
            if (answer.IsAllowed)
            {
                allow++;
            }

            samples[count++] = (t1 - t0) * 1e6 / Stopwatch.Frequency;
            if (t1 > deadline && count >= 50)
            {
                break;
            }
        }

        // CPU time per decision over a loop without clock reads (a clock read costs about as much as a small decision).
        var cpuDecisions = 0;
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var cpuUntil = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < cpuUntil)
        {
            foreach (var request in requests)
            {
                Authorizer.IsAuthorized(request, workload.Policies, workload.Entities);
            }

            cpuDecisions += requests.Length;
        }

        var cpuUs = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMicroseconds / cpuDecisions;

        Array.Sort(samples, 0, count);
        var sum = 0.0;
        for (var i = 0; i < count; i++)
        {
            sum += samples[i];
        }

        return new PolicyCallTiming(
            workload.Size,
            workload.Entities.Count,
            count,
            Math.Round((double)allow / count, 3),
            Percentile(samples, count, 50),
            Percentile(samples, count, 99),
            sum / count,
            cpuUs);
    }

    private static double Percentile(double[] sorted, int count, double p) =>
        sorted[Math.Min(count - 1, (int)Math.Floor(p / 100 * count))];
}
