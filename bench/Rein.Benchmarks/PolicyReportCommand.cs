using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Rein.Benchmarks;

/// <summary>
/// <c>rein-benchmarks policy-report --cedar FILE --calls FILE --bdn FILE [--bdn-tables FILE] [--doc FILE]
/// [--load-before "1 5 15"] [--commit TEXT] [--sdk VERSION]</c>: sets cedar-wasm's numbers (bench.mjs --json) beside
/// Rein's (policy-check, policy) per policy count, prints the comparison and, with --doc, rewrites the policy section
/// of docs/benchmarks.md between its markers (appending the section when the markers are missing).
/// </summary>
internal static class PolicyReportCommand
{
    public const string Begin = "<!-- policy:begin — written by bench/run-policy.sh; change the script, not this section -->";
    public const string End = "<!-- policy:end -->";

    private const double P50GoalAt100Us = 5;
    private const double P50GoalAt10000Us = 10;
    private const double StatefulRatioGoal = 20;

    public static int Run(string[] args)
    {
        var options = CommandArgs.Parse(args, "cedar", "calls", "bdn", "bdn-tables", "doc", "load-before", "commit", "sdk");
        using var cedarDoc = JsonDocument.Parse(File.ReadAllText(options.Required("cedar")));
        var cedar = cedarDoc.RootElement;
        var calls = JsonSerializer.Deserialize<List<PolicyCallTiming>>(File.ReadAllText(options.Required("calls")), PolicyReportJson.Options)!;
        var bdn = JsonSerializer.Deserialize<List<PolicyBenchmarkResult>>(File.ReadAllText(options.Required("bdn")), PolicyReportJson.Options)!;
        var rows = calls.Select(c => Row.Of(c, cedar, bdn)).ToList();

        var comparison = Comparison(rows);
        var goals = Goals(rows);
        Console.WriteLine(comparison);
        Console.WriteLine(goals);

        if (options.Get("doc") is { } doc)
        {
            var section = Section(options, cedar, rows, bdn, comparison, goals);
            var text = File.Exists(doc) ? File.ReadAllText(doc) : "# Benchmarks\n";
            var begin = text.IndexOf(Begin, StringComparison.Ordinal);
            var end = text.IndexOf(End, StringComparison.Ordinal);
            text = begin >= 0 && end > begin
                ? text[..begin] + section + text[(end + End.Length)..]
                : text.TrimEnd() + "\n\n" + section + "\n";
            File.WriteAllText(doc, text);
        }

        return 0;
    }

    private sealed record Row(PolicyCallTiming Rein, Api? Stateful, Api? Slice, PolicyBenchmarkResult? Bdn)
    {
        public static Row Of(PolicyCallTiming rein, JsonElement cedar, List<PolicyBenchmarkResult> bdn) => new(
            rein,
            Api.Find(cedar, rein.Policies, "statefulIsAuthorized"),
            Api.Find(cedar, rein.Policies, "stateful+entity slice"),
            bdn.FirstOrDefault(b => b.Policies == rein.Policies && b.Benchmark.StartsWith(nameof(PolicyEvaluationBenchmarks), StringComparison.Ordinal)));
    }

    private sealed record Api(double P50, double P99, double Mean, double Cpu, int Decisions, double AllowShare)
    {
        public static Api? Find(JsonElement cedar, int policies, string api)
        {
            foreach (var r in cedar.GetProperty("results").EnumerateArray())
            {
                if (r.GetProperty("policies").GetInt32() == policies && r.GetProperty("api").GetString() == api)
                {
                    return new Api(
                        r.GetProperty("p50").GetDouble(), r.GetProperty("p99").GetDouble(), r.GetProperty("mean").GetDouble(),
                        r.GetProperty("cpuMean").GetDouble(), r.GetProperty("decisions").GetInt32(), r.GetProperty("allowShare").GetDouble());
                }
            }

            return null;
        }
    }

    private static string Comparison(List<Row> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| policies | entities | allow | cedar-wasm stateful p50 | cedar-wasm entity slice p50 | Rein p50 | Rein p99 | stateful ÷ Rein | slice ÷ Rein |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Rein.Policies:N0} | {r.Rein.Entities:N0} | {r.Rein.AllowShare:0.00} | {Us(r.Stateful?.P50)} | {Us(r.Slice?.P50)} | " +
                $"{Us(r.Rein.P50Us)} | {Us(r.Rein.P99Us)} | {Ratio(r.Stateful?.P50, r.Rein.P50Us)} | {Ratio(r.Slice?.P50, r.Rein.P50Us)} |");
        }

        sb.AppendLine();
        sb.AppendLine("| policies | Rein mean (BDN) | Rein median (BDN) | Rein P95 (BDN) | allocated / decision | Rein CPU µs / decision | cedar-wasm stateful CPU µs | cedar-wasm slice CPU µs | stateful ÷ Rein (CPU) |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Rein.Policies:N0} | {Us(r.Bdn?.MeanNs / 1000)} | {Us(r.Bdn?.MedianNs / 1000)} | {Us(r.Bdn?.P95Ns / 1000)} | " +
                $"{(r.Bdn is { AllocatedBytes: >= 0 } b ? b.AllocatedBytes.ToString("N0", CultureInfo.InvariantCulture) + " B" : "—")} | " +
                $"{Us(r.Rein.CpuUs)} | {Us(r.Stateful?.Cpu)} | {Us(r.Slice?.Cpu)} | {Ratio(r.Stateful?.Cpu, r.Rein.CpuUs)} |");
        }

        return sb.ToString();
    }

    private static string Goals(List<Row> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| goal | measured | met |");
        sb.AppendLine("|---|---:|:---:|");
        Latency(sb, rows, 100, P50GoalAt100Us);
        Latency(sb, rows, 10_000, P50GoalAt10000Us);
        var ratios = rows.Where(r => r.Stateful is not null).Select(r => (r.Rein.Policies, Ratio: r.Stateful!.P50 / r.Rein.P50Us)).ToList();
        if (ratios.Count > 0)
        {
            var worst = ratios.MinBy(r => r.Ratio);
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| ≥ {StatefulRatioGoal:0} × faster per call than cedar-wasm's stateful API (p50, every size) | {worst.Ratio:N0} × at {worst.Policies:N0} policies (the smallest ratio) | {Met(worst.Ratio >= StatefulRatioGoal)} |");
        }

        return sb.ToString();
    }

    private static void Latency(StringBuilder sb, List<Row> rows, int policies, double goalUs)
    {
        if (rows.FirstOrDefault(r => r.Rein.Policies == policies) is { } row)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| p50 ≤ {goalUs:0} µs at {policies:N0} policies | {Us(row.Rein.P50Us)} (BenchmarkDotNet median {Us(row.Bdn?.MedianNs / 1000)}) | {Met(row.Rein.P50Us <= goalUs)} |");
        }
    }

    private static string Met(bool met) => met ? "yes" : "**no**";

    private static string Us(double? us) => us switch
    {
        null => "—",
        < 10 => us.Value.ToString("0.00", CultureInfo.InvariantCulture) + " µs",
        < 1000 => us.Value.ToString("0.0", CultureInfo.InvariantCulture) + " µs",
        _ => us.Value.ToString("N0", CultureInfo.InvariantCulture) + " µs",
    };

    private static string Ratio(double? theirs, double ours) => theirs is { } t && ours > 0
        ? (t / ours).ToString(t / ours >= 100 ? "N0" : "0.0", CultureInfo.InvariantCulture) + " ×"
        : "—";

    private static string Section(CommandArgs options, JsonElement cedar, List<Row> rows, List<PolicyBenchmarkResult> bdn, string comparison, string goals)
    {
        var loadBefore = options.Get("load-before") ?? "unknown";
        var loadAfter = string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        var loaded = double.TryParse(loadBefore.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load1)
            && load1 >= Environment.ProcessorCount / 2.0;
        var engine = bdn.Where(b => b.Benchmark.StartsWith(nameof(PolicyEngineBenchmarks), StringComparison.Ordinal)).ToList();

        var sb = new StringBuilder();
        sb.AppendLine(Begin);
        sb.AppendLine("## Policy evaluation: Rein.Policy and cedar-wasm");
        sb.AppendLine();
        sb.AppendLine("""
            Per-decision latency of `Rein.Policy` on the Rein-shaped workload of `interop/cedar/bench.mjs` (agents in roles,
            tools with grouped actions, grants with conditions on the agent and the context, kill switches, guards) at
            10 to 10,000 policies, beside the official Cedar implementation (`@cedar-policy/cedar-wasm`, the baseline) on the
            same requests in the same run. Goals: p50 ≤ 5 µs at 100 policies and ≤ 10 µs at 10,000, and ≥ 20 × faster
            per call than cedar-wasm's stateful API. Both engines gave the same decision, determining policies and erroring
            policies for every request of every size before anything was timed.
            """);
        if (loaded)
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"""
                > **Loaded machine.** Load average was {loadBefore} before and {loadAfter} after the run on
                > {Environment.ProcessorCount} cores: other work shared the CPUs. Wall-clock means (BenchmarkDotNet's included)
                > count the time a decision waited for a core, so they are high and noisy; per-call percentiles and CPU time
                > per decision are less affected, and both engines ran under the same load. Re-run `bench/run-policy.sh` on a
                > quiet machine for the engine's own figures.
                """);
        }

        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"### Result ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit `{options.Get("commit") ?? "unknown"}`)");
        sb.AppendLine();
        sb.Append(comparison);
        sb.AppendLine();
        sb.Append(goals);
        sb.AppendLine();
        sb.AppendLine("""
            - p50/p99: each decision timed alone with a monotonic clock, after a warm-up, by the same loop in both engines
              (`process.hrtime` in bench.mjs, `Stopwatch` in `rein-benchmarks policy-check`); the ratios are of these p50s.
            - BDN: BenchmarkDotNet's mean, median and P95 of its iteration means (each iteration decides the 512 requests in
              turn, many times), and the managed allocation per decision (the `AuthorizationResponse` and its reason array).
            - CPU µs / decision: the process's CPU time (user + system) over a loop of decisions ÷ their number.
            - stateful: `statefulIsAuthorized` with the policy set parsed once (`preparsePolicySet`) and all the entities
              passed on every call, as its API requires. entity slice: the same with only the request's entities (principal
              and its roles, action and its group, resource), cedar-wasm's cheapest use. Rein reads its entity store once.
            """);
        if (engine.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"""
                **Through `PolicyEngine.Authorize`** (the gateway's call, `Rein.Core`): {ReinPolicyWorkload.PolicyCount:N0} policies in Rein's entity model loaded
                from a policy directory (the guards of `samples/policies/`, kill switches, per-agent grants), 200 agents, 50
                tools, 512 calls with varying context. The baseline is `Authorizer.IsAuthorized` on the same set and entities
                with the Cedar requests built in advance; the difference is what the engine adds per call (building the
                request and its context record, including parsing the client IP, and the `PolicyDecision`).

                | benchmark | mean | median | P95 | ratio | allocated / call |
                |---|---:|---:|---:|---:|---:|
                """);
            foreach (var e in engine)
            {
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| `{e.Benchmark.Split('.')[^1]}` | {Us(e.MeanNs / 1000)} | {Us(e.MedianNs / 1000)} | {Us(e.P95Ns / 1000)} | {e.RatioToBaseline:0.00} | {e.AllocatedBytes:N0} B |");
            }
        }

        sb.AppendLine();
        sb.AppendLine("### Machine");
        sb.AppendLine();
        sb.AppendLine("| | |");
        sb.AppendLine("|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| CPU | {CpuModel()}, {Environment.ProcessorCount} logical cores |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| memory | {MemoryGiB()} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| OS | {OsName()}, kernel {ReadFirstLine("/proc/sys/kernel/osrelease")} |");
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"| .NET | SDK {options.Get("sdk") ?? "unknown"}, runtime {Environment.Version}; workstation GC, tiered compilation and PGO on |");
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"| cedar-wasm | {cedar.GetProperty("cedar").GetString()} on Node.js {cedar.GetProperty("node").GetString()} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| load average (1, 5, 15 min) | before: {loadBefore}; after: {loadAfter} |");
        sb.AppendLine();
        sb.AppendLine("### Method");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"""
            `bench/run-policy.sh` does all of this in one run:

            1. Builds `bench/Rein.Benchmarks` in Release and installs `interop/cedar`'s pinned cedar-wasm if missing.
            2. `node interop/cedar/bench.mjs --sizes {string.Join(',', rows.Select(r => r.Rein.Policies))} --apis stateful,slice --out DIR --json` generates the
               workload (seed 7: a tool per 4 policies and a role per 10, at least 5 and 3; 200 agents up to 1,000 policies
               and one per 5 policies above; 512 requests, most by an agent in a role some grant names), writes it with
               cedar-wasm's answer to every request (from the entity slice, checked against the full-entity call on the
               first 24), and times each API.
            3. `rein-benchmarks policy-check` reads the same files (policy ids `policy0`… by position, as cedar-wasm was
               given them), decides all 512 requests per size and fails the run on any difference in decision, reason set
               or error set; then times single decisions the way bench.mjs does, and CPU time over a loop.
            4. `rein-benchmarks policy` runs BenchmarkDotNet in-process (5 warm-up and 20 measured iterations, invocation
               count from its pilot stage, memory diagnoser): `PolicyEvaluationBenchmarks` at each size with the policy
               set, entity store and requests built in the global setup, and `PolicyEngineBenchmarks`.
            5. `rein-benchmarks policy-report` writes this section.
            """);
        if (options.Get("bdn-tables") is { } tables && File.Exists(tables))
        {
            sb.AppendLine();
            sb.AppendLine("### BenchmarkDotNet output (same run)");
            sb.AppendLine();
            sb.AppendLine(File.ReadAllText(tables).TrimEnd());
        }

        sb.Append(End);
        return sb.ToString();
    }

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        ?? RuntimeInformation.ProcessArchitecture.ToString();

    private static string MemoryGiB()
    {
        var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return line is not null && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], out var kb)
            ? (kb / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " GiB"
            : "unknown";
    }

    private static string OsName() =>
        File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"')
              ?? RuntimeInformation.OSDescription
            : RuntimeInformation.OSDescription;

    private static string ReadFirstLine(string path) => File.Exists(path) ? File.ReadLines(path).First().Trim() : "unknown";
}
