using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Rein.LoadPrep;

/// <summary>
/// <c>rein-loadprep report</c>: turns one run of <c>bench/run-broker.sh</c> into the broker section of
/// <c>docs/benchmarks.md</c>, between <see cref="Begin"/> and <see cref="End"/>; the rest of the file is kept.
/// </summary>
internal static class BrokerReport
{
    public const string Begin = "<!-- broker:begin — written by bench/run-broker.sh; change the script, not this section -->";
    public const string End = "<!-- broker:end -->";

    private const double GoalTokensPerSecond = 4000;
    private const int GoalCores = 2;
    private const double GoalFloorRatio = 1.5;

    public static int Run(Dictionary<string, string> options, TextWriter output)
    {
        var run = ReadKeyValues(Require(options, "run"));
        using var wrk = JsonDocument.Parse(ReadWrkJson(Require(options, "wrk")));
        using var floor = JsonDocument.Parse(File.ReadAllText(Require(options, "floor")));
        using var httpFloor = JsonDocument.Parse(ReadWrkJson(Require(options, "http-floor")));
        using var httpOnly = JsonDocument.Parse(ReadWrkJson(Require(options, "http-only")));
        string? bdn = options.TryGetValue("bdn", out string? bdnPath) && File.Exists(bdnPath) ? File.ReadAllText(bdnPath) : null;
        string docPath = Require(options, "doc");

        var m = Measure(run, wrk.RootElement, floor.RootElement);
        var baselines = new Baselines(
            Baseline.From(httpFloor.RootElement, run, "http_floor_cpu_ticks"),
            Baseline.From(httpOnly.RootElement, run, "http_only_cpu_ticks"));
        var rounds = PairedRound.ReadAll(Require(options, "rounds"), double.Parse(run["clk_tck"], CultureInfo.InvariantCulture));
        string section = Section(run, m, baselines, rounds, floor.RootElement, bdn);
        WriteSection(docPath, section);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"broker: {m.TokensPerSecond:F0} tokens/s, p50 {m.P50Ms:F1} ms, p99 {m.P99Ms:F1} ms, {m.CpuPerToken:F0} CPU µs/token, " +
            $"floor {m.FloorCpu:F0} µs, ratio {m.Ratio:F2}; minimal endpoint with that crypto {baselines.WithCrypto.CpuPerRequest:F0} µs " +
            $"({baselines.WithCrypto.CpuPerRequest / m.FloorCpu:F2} × floor), without it {baselines.HttpOnly.CpuPerRequest:F0} µs; " +
            $"paired rounds: median ratio {PairedRound.Median(rounds, r => r.BrokerRatio):F2} (minimal endpoint {PairedRound.Median(rounds, r => r.MinimalRatio):F2}); non-200 {m.Other}{(m.Valid ? "" : " — NOT VALID: " + m.Invalid)}"));
        return m.Valid && rounds.Count > 0 ? 0 : 1;
    }

    private sealed record Measurement(
        long Ok, long Other, double WindowSeconds, double TokensPerSecond, double P50Ms, double P99Ms, double CpuSeconds,
        double CpuPerToken, double FloorCpu, double FloorWall, double Ratio, bool Exhausted, double ServerCores, double WrkCpuSeconds,
        bool Valid, string Invalid);

    /// <summary>One run of the minimal endpoint (<c>rein-loadprep http-floor</c>) under the same wrk load.</summary>
    private sealed record Baseline(double RequestsPerSecond, double CpuPerRequest)
    {
        public static Baseline From(JsonElement wrk, Dictionary<string, string> run, string ticksKey)
        {
            long ok = wrk.GetProperty("responses_200").GetInt64();
            double cpuSeconds = CpuSeconds(run, ticksKey);
            return new Baseline(ok / WindowSeconds(wrk), ok > 0 ? cpuSeconds * 1e6 / ok : double.NaN);
        }
    }

    /// <summary>
    /// wrk divides by its whole -d duration; when the pool of single-use requests ran out first, the window from the
    /// first request to the last response (measured in the Lua script) is the honest divisor.
    /// </summary>
    private static double WindowSeconds(JsonElement wrk) =>
        (wrk.GetProperty("exhausted").GetBoolean() ? wrk.GetProperty("window_us").GetDouble() : wrk.GetProperty("duration_us").GetDouble()) / 1e6;

    private static double CpuSeconds(Dictionary<string, string> run, string ticksKey) =>
        double.Parse(run[ticksKey], CultureInfo.InvariantCulture) / double.Parse(run["clk_tck"], CultureInfo.InvariantCulture);

    private sealed record Baselines(Baseline WithCrypto, Baseline HttpOnly);

    /// <summary>One paired round: the floor, then the broker and the minimal endpoint, each under the same wrk load.</summary>
    private sealed record PairedRound(double Floor, double Broker, double Minimal)
    {
        public double BrokerRatio => Broker / Floor;

        public double MinimalRatio => Minimal / Floor;

        /// <summary>Lines of "floor_us broker_ticks broker_answers minimal_ticks minimal_answers"; a malformed line is refused.</summary>
        public static List<PairedRound> ReadAll(string path, double clockTicks)
        {
            var rounds = new List<PairedRound>();
            foreach (string line in File.ReadLines(path).Where(l => l.Trim().Length > 0))
            {
                double[] v = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
                if (v.Length != 5 || v[0] <= 0 || v[2] <= 0 || v[4] <= 0)
                {
                    throw new ArgumentException($"{path}: not a paired round: '{line}'");
                }

                rounds.Add(new PairedRound(v[0], v[1] / clockTicks * 1e6 / v[2], v[3] / clockTicks * 1e6 / v[4]));
            }

            return rounds;
        }

        public static double Median(List<PairedRound> rounds, Func<PairedRound, double> value)
        {
            if (rounds.Count == 0) return double.NaN;
            double[] sorted = rounds.Select(value).Order().ToArray();
            int mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    private static Measurement Measure(Dictionary<string, string> run, JsonElement wrk, JsonElement floor)
    {
        long ok = wrk.GetProperty("responses_200").GetInt64();
        long other = wrk.GetProperty("responses_other").GetInt64();
        var sockets = wrk.GetProperty("socket_errors");
        long socketErrors = sockets.EnumerateObject().Sum(p => p.Value.GetInt64());
        bool exhausted = wrk.GetProperty("exhausted").GetBoolean();

        double window = WindowSeconds(wrk);
        double cpuSeconds = CpuSeconds(run, "server_cpu_ticks");
        double floorCpu = floor.GetProperty("floor_cpu_us").GetDouble();
        double cpuPerToken = ok > 0 ? cpuSeconds * 1e6 / ok : double.NaN;
        double wallSeconds = wrk.GetProperty("duration_us").GetDouble() / 1e6;

        string invalid = "";
        long total = ok + other;
        if (ok == 0)
        {
            invalid = "no token was issued";
        }
        else if (other > Math.Max(10, total / 1000))
        {
            invalid = $"{other} of {total} responses were not 200";
        }
        else if (socketErrors > Math.Max(10, total / 1000))
        {
            invalid = $"{socketErrors} socket errors";
        }

        return new Measurement(
            ok, other, window, ok / window,
            wrk.GetProperty("latency_us").GetProperty("p50").GetDouble() / 1000,
            wrk.GetProperty("latency_us").GetProperty("p99").GetDouble() / 1000,
            cpuSeconds, cpuPerToken, floorCpu, floor.GetProperty("floor_wall_us").GetDouble(), cpuPerToken / floorCpu,
            exhausted, cpuSeconds / wallSeconds,
            wrk.TryGetProperty("wrk_cpu_us", out JsonElement wrkCpu) ? wrkCpu.GetDouble() / 1e6 : double.NaN,
            invalid.Length == 0, invalid);
    }

    private static string Section(Dictionary<string, string> run, Measurement m, Baselines b, List<PairedRound> rounds, JsonElement floor, string? bdn)
    {
        var c = CultureInfo.InvariantCulture;
        int cores = int.Parse(run["nproc"], c);
        double loadBefore = double.Parse(run["load_before"].Split(' ')[0], c);
        bool loaded = loadBefore > cores * 0.5 || double.Parse(run["load_after"].Split(' ')[0], c) > cores * 1.5;
        string throughputGoal = cores != GoalCores
            ? $"n/a ({cores} cores; the goal is for {GoalCores})"
            : Verdict(m.TokensPerSecond >= GoalTokensPerSecond);
        var s = new StringBuilder();
        s.AppendLine(Begin);
        s.AppendLine("## Broker: token issuance");
        s.AppendLine();
        s.AppendLine("Client credentials + `private_key_jwt` + DPoP (with server nonce) at `POST /oauth/token`: every token costs at");
        s.AppendLine("least two ES256 verifications (the client assertion, the DPoP proof) and one ES256 signature (the access token).");
        s.AppendLine(c, $"Goal: ≥ {GoalTokensPerSecond:N0} tokens/s on a {GoalCores}-core machine, and ≤ {GoalFloorRatio} × that crypto floor in CPU time per token.");
        s.AppendLine();
        if (!m.Valid)
        {
            s.AppendLine(c, $"> **This run is not a result: {m.Invalid}.**");
            s.AppendLine();
        }

        if (loaded)
        {
            s.AppendLine(c, $"> **Loaded machine.** Load average was {run["load_before"]} before and {run["load_after"]} after the load test on");
            s.AppendLine(c, $"> {cores} cores: other work shared the CPUs, so throughput and latency here are lower bounds, not the broker's");
            s.AppendLine("> capacity. CPU time per token and its ratio to the floor are less sensitive to this (both are CPU time, measured");
            s.AppendLine("> in the same run), but contention still inflates them. Re-run `bench/run-broker.sh` on a quiet machine.");
            s.AppendLine();
        }

        s.AppendLine(c, $"### Result ({run["date"]}, commit `{run["commit"]}`)");
        s.AppendLine();
        double pairedRatio = PairedRound.Median(rounds, r => r.BrokerRatio);
        s.AppendLine("| tokens/s | p50 latency | p99 latency | server CPU µs/token | crypto floor CPU µs | ratio | ratio, median of the paired rounds | ≥ 4,000 tokens/s on 2 cores | ≤ 1.5 × floor (paired median) |");
        s.AppendLine("|---:|---:|---:|---:|---:|---:|---:|:---:|:---:|");
        s.AppendLine(c, $"| {m.TokensPerSecond:N0} | {m.P50Ms:F1} ms | {m.P99Ms:F1} ms | {m.CpuPerToken:F0} | {m.FloorCpu:F0} | {m.Ratio:F2} × | {pairedRatio:F2} × ({rounds.Count(r => r.BrokerRatio <= GoalFloorRatio)} of {rounds.Count} rounds ≤ {GoalFloorRatio}) | {throughputGoal} | {Verdict(pairedRatio <= GoalFloorRatio)} |");
        s.AppendLine();
        string poolNote = m.Exhausted
            ? "; the pool of pre-built requests ran out before the end, so throughput is over the window from the first request to the last response."
            : ".";
        s.AppendLine(c, $"- {m.Ok:N0} tokens issued (HTTP 200) and {m.Other:N0} other responses in {m.WindowSeconds:F1} s, `wrk -t{run["threads"]} -c{run["connections"]} -d{run["duration"]}s` over loopback keep-alive{poolNote}");
        s.AppendLine(c, $"- Server CPU (user + system) during the run: {m.CpuSeconds:F2} s, an average of {m.ServerCores:F2} of {cores} cores; wrk used {m.WrkCpuSeconds:F2} s of CPU on the same cores (after loading its requests).");
        s.AppendLine(c, $"- Crypto floor, same run, same machine: {m.FloorCpu:F1} µs CPU ({m.FloorWall:F1} µs wall) per 2 × ES256 verify + 1 × ES256 sign with raw `ECDsa` on one thread; alone, one verify is {Part(floor, "verify_cpu_us")} µs and one sign {Part(floor, "sign_cpu_us")} µs. For reference, importing a P-256 public key from its coordinates (what the broker pays once for each new DPoP key it sees) costs {Part(floor, "ec_import_cpu_us")} µs.");
        double wrkPerToken = m.Ok > 0 ? m.WrkCpuSeconds * 1e6 / m.Ok : 0;
        s.AppendLine(c, $"- Estimate, not a measurement: at this CPU cost, {cores} otherwise idle cores shared with wrk ({wrkPerToken:F0} µs/token) would issue about {cores * 1e6 / (m.CpuPerToken + wrkPerToken):N0} tokens/s, and {cores * 1e6 / m.CpuPerToken:N0} tokens/s with the load generator elsewhere.");
        s.AppendLine(c, $"- Warm-up before measuring, not counted: {long.Parse(run["warmup_tokens"], c):N0} tokens ({run["warmup_other"]} other responses) in rounds of {run["warmup_round_seconds"]} s whose server CPU µs/token was {run["warmup_rounds"]}.");
        s.AppendLine();
        s.AppendLine("**The same requests against a minimal ASP.NET Core endpoint** (`rein-loadprep http-floor`, same wrk load, same");
        s.AppendLine("run): it reads the form, does the floor's 2 verifies + 1 sign and answers a token response of the same size; it");
        s.AppendLine("checks nothing else. It is what any .NET server pays here for this request, so the gap above it is Rein's own.");
        s.AppendLine();
        s.AppendLine("| server | requests/s | CPU µs/request | ÷ crypto floor |");
        s.AppendLine("|---|---:|---:|---:|");
        s.AppendLine(c, $"| `rein serve`: the broker, every check | {m.TokensPerSecond:N0} | {m.CpuPerToken:F0} | {m.Ratio:F2} × |");
        s.AppendLine(c, $"| minimal endpoint: form, the floor's crypto, the answer | {b.WithCrypto.RequestsPerSecond:N0} | {b.WithCrypto.CpuPerRequest:F0} | {b.WithCrypto.CpuPerRequest / m.FloorCpu:F2} × |");
        s.AppendLine(c, $"| minimal endpoint without the crypto | {b.HttpOnly.RequestsPerSecond:N0} | {b.HttpOnly.CpuPerRequest:F0} | {b.HttpOnly.CpuPerRequest / m.FloorCpu:F2} × |");
        s.AppendLine();
        double pairedOwn = PairedRound.Median(rounds, r => r.Broker - r.Minimal);
        double pairedMinimalRatio = PairedRound.Median(rounds, r => r.MinimalRatio);
        double cryptoInServer = b.WithCrypto.CpuPerRequest - b.HttpOnly.CpuPerRequest;
        s.AppendLine(c, $"- Rein's own cost, above the minimal endpoint: {pairedOwn:F0} µs per token, the median of the paired rounds below (client authentication, DPoP checks, replay caches, policy, the audit record, the JWT writer); the single pair in this table differs by {m.CpuPerToken - b.WithCrypto.CpuPerRequest:F0} µs, measured minutes apart.");
        s.AppendLine(c, $"- The floor's crypto inside a server: {cryptoInServer:F0} µs per request (the two minimal endpoints' difference) against {m.FloorCpu:F0} µs in the one-thread loop ({cryptoInServer / m.FloorCpu:F2} ×); HTTP alone is {b.HttpOnly.CpuPerRequest:F0} µs.");
        s.AppendLine(c, $"- With the minimal endpoint at its paired median of {pairedMinimalRatio:F2} × the floor, the 1.5 × goal leaves Rein {(GoalFloorRatio - pairedMinimalRatio) * PairedRound.Median(rounds, r => r.Floor):F0} µs per token at the median floor.");
        s.AppendLine();
        s.AppendLine(c, $"**Paired rounds.** The host's speed drifts by 10–20 % within minutes, so the floor measured once at the start can be far");
        s.AppendLine(c, $"from the one the load ran at. Each round measures the floor (2 s), then the broker and the minimal endpoint for");
        s.AppendLine(c, $"{run["round_seconds"]} s each under the same wrk load (alternating which goes first):");
        s.AppendLine();
        s.AppendLine("| round | floor CPU µs | broker CPU µs/token | ÷ floor | minimal endpoint CPU µs/request | ÷ floor | broker − minimal µs |");
        s.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        for (int i = 0; i < rounds.Count; i++)
        {
            var r = rounds[i];
            s.AppendLine(c, $"| {i + 1} | {r.Floor:F0} | {r.Broker:F0} | {r.BrokerRatio:F2} × | {r.Minimal:F0} | {r.MinimalRatio:F2} × | {r.Broker - r.Minimal:F0} |");
        }

        s.AppendLine(c, $"| **median** | {PairedRound.Median(rounds, r => r.Floor):F0} | {PairedRound.Median(rounds, r => r.Broker):F0} | **{pairedRatio:F2} ×** | {PairedRound.Median(rounds, r => r.Minimal):F0} | {PairedRound.Median(rounds, r => r.MinimalRatio):F2} × | {PairedRound.Median(rounds, r => r.Broker - r.Minimal):F0} |");
        s.AppendLine();
        s.AppendLine("### Machine");
        s.AppendLine();
        s.AppendLine("| | |");
        s.AppendLine("|---|---|");
        s.AppendLine(c, $"| CPU | {run["cpu_model"]}, {cores} logical cores (`nproc`) |");
        s.AppendLine(c, $"| memory | {run["memory"]} |");
        s.AppendLine(c, $"| OS | {run["os"]}, kernel {run["kernel"]} |");
        s.AppendLine(c, $"| .NET | SDK {run["dotnet_sdk"]}, runtime {run["dotnet_runtime"]}; server GC (ASP.NET Core default), tiered compilation and PGO on |");
        s.AppendLine(c, $"| OpenSSL | {run["openssl"]} |");
        s.AppendLine(c, $"| load average (1, 5, 15 min) | before: {run["load_before"]}; after: {run["load_after"]} |");
        s.AppendLine(c, $"| wrk | {run["wrk_version"]} |");
        s.AppendLine();
        s.AppendLine("### Method");
        s.AppendLine();
        s.AppendLine("`bench/run-broker.sh` does all of this in one run (≤ 15 minutes, loopback only, and it stops what it started):");
        s.AppendLine();
        s.AppendLine("1. Builds Release: `src/Rein.Server` (through `bench/Rein.Benchmarks`) and `bench/Rein.LoadPrep`.");
        s.AppendLine("2. Runs the BenchmarkDotNet suite `bench/Rein.Benchmarks` (table below): in-process, 1 launch, 3 warm-up and 10");
        s.AppendLine("   measured iterations of a fixed 512 calls. Single-use DPoP proofs and client assertions come from a pool made in");
        s.AppendLine("   the global setup, one per call. Its times are wall-clock; the baseline is the crypto floor.");
        s.AppendLine("3. Generates a throw-away agent key and a `rein.yaml` with one tool and one agent (`require_dpop: true`), and starts");
        s.AppendLine("   `dotnet src/Rein.Server/bin/Release/net10.0/rein.dll serve --config … --data-dir <temp> --urls http://127.0.0.1:0`");
        s.AppendLine("   as a separate process (SQLite store in the temp directory, information logging as `rein serve` has it).");
        s.AppendLine("4. Measures the crypto floor in the same run with `rein-loadprep floor`: the same raw-`ECDsa` loop as the");
        s.AppendLine("   BenchmarkDotNet baseline, on one thread for 3 s, in process CPU time (wall time is also shown). CPU time is the");
        s.AppendLine("   fair comparison with the server's CPU time per token, especially on a shared machine.");
        s.AppendLine("5. Gets a DPoP nonce (a nonce-less proof is answered `use_dpop_nonce` with a `DPoP-Nonce` header), then has");
        s.AppendLine("   `rein-loadprep requests` pre-build N ready-to-send requests, one per line: a fresh client assertion");
        s.AppendLine("   (`jti` single use, 5-minute `exp`) in the form body and a fresh DPoP proof with the nonce in the header.");
        s.AppendLine("   `bench/wrk/token.lua` sends each exactly once and counts responses by status.");
        s.AppendLine("6. Warms the server up with wrk rounds that are not counted, until at least 30,000 tokens were issued and its CPU");
        s.AppendLine("   time per token is within 5 % of the previous round's (tiered JIT and PGO take that long here), or 75 s have");
        s.AppendLine("   passed. The pool for the measured run holds duration × the larger of 1.5 × the last round's rate and");
        s.AppendLine("   1.5 × cores ÷ its CPU time per token, so it should outlast the run (if it does not, the window it lasted is used);");
        s.AppendLine("   nonces live 2–4 minutes and proofs 5, so requests are generated right before each run.");
        s.AppendLine("7. Reads the server's utime + stime from `/proc/<pid>/stat` before and after the measured wrk run;");
        s.AppendLine("   CPU µs/token = that difference ÷ tokens issued (HTTP 200). Ratio = CPU µs/token ÷ crypto floor CPU µs.");
        s.AppendLine("   A run with more than 0.1 % non-200 responses or socket errors is reported as not valid.");
        s.AppendLine("8. Then starts `rein-loadprep http-floor` (a separate process, server GC like `rein serve`) with the crypto and");
        s.AppendLine("   measures it the same way: one uncounted wrk round, then the measured run with the same requests (the endpoint");
        s.AppendLine("   does not check them, so sending them again is fine) and the same wrk settings.");
        s.AppendLine("9. Paired rounds, with `rein serve` and the minimal endpoint both still running and warm: each round generates");
        s.AppendLine("   fresh requests, measures the floor for 2 s, then each server for one short wrk run (alternating which goes");
        s.AppendLine("   first). The goal's verdict uses the median of the rounds' broker ÷ floor ratios; the single measured run's ratio");
        s.AppendLine("   is shown beside it. Last, the minimal endpoint without the crypto is measured like step 8.");
        s.AppendLine("10. wrk runs on the same cores as the server (its CPU time is shown above), as does request generation before it.");
        s.AppendLine("   One wrk thread is plenty (it spends ~60 µs of CPU per token). Connections: a sweep of 2–32 on a warmed server");
        s.AppendLine("   (2026-11-23, loaded machine) gave the same throughput and CPU per token from 4 connections up, with p50 latency");
        s.AppendLine("   growing with the connection count, as it must for a CPU-bound server; 16 keeps both cores busy with room to");
        s.AppendLine("   spare and is the default (`REIN_BENCH_CONNECTIONS`).");
        s.AppendLine();
        s.AppendLine("### Microbenchmarks (BenchmarkDotNet, same run)");
        s.AppendLine();
        s.AppendLine("- `CryptoFloor`: 2 × `ECDsa.VerifyData` + 1 × `ECDsa.TrySignData`, P-256/SHA-256, on signing inputs of real size. The baseline.");
        s.AppendLine("- `JwsReader_ClientAssertion`: `JwsReader.Read` of a `private_key_jwt` assertion against the agent's JWKS, with");
        s.AppendLine("  the broker's options (claims are checked separately, in `JwtClaimValidator`).");
        s.AppendLine("- `DPoPProofValidator_Validate`: a fresh proof with a server nonce, every RFC 9449 §4.3 check including replay.");
        s.AppendLine("- `JwtWriter_AccessToken`: `JwtWriter.Write` of an RFC 9068 access token with the claims `AccessTokenIssuer`");
        s.AppendLine("  writes (the issuer itself is internal).");
        s.AppendLine("- `TokenEndpoint_InProcess`: the whole `POST /oauth/token` decision without Kestrel: a real `ReinApp`, its mapped");
        s.AppendLine("  endpoint invoked with a `DefaultHttpContext` (form parsing, DPoP, client authentication, grant, signing and");
        s.AppendLine("  the JSON response). Allocation includes the `DefaultHttpContext` the benchmark builds for each call.");
        s.AppendLine();
        if (loaded && bdn is not null)
        {
            s.AppendLine("> Wall-clock times on a loaded machine: they include time a benchmark waited for a core, so they are high and");
            s.AppendLine("> noisy (see Error and RatioSD); the CPU-time figures above are the ones to compare.");
            s.AppendLine();
        }

        if (bdn is null)
        {
            s.AppendLine("_BenchmarkDotNet did not produce a report in this run._");
        }
        else
        {
            s.AppendLine(bdn.Trim());
        }

        s.AppendLine(End);
        return s.ToString();
    }

    private static string Part(JsonElement floor, string name) =>
        floor.TryGetProperty(name, out JsonElement value) ? value.GetDouble().ToString("F1", CultureInfo.InvariantCulture) : "?";

    private static string Verdict(bool met) => met ? "yes" : "**no**";

    private static void WriteSection(string path, string section)
    {
        string existing = File.Exists(path) ? File.ReadAllText(path) : "";
        string text;
        int begin = existing.IndexOf("<!-- broker:begin", StringComparison.Ordinal);
        int end = existing.IndexOf(End, StringComparison.Ordinal);
        if (begin >= 0 && end > begin)
        {
            text = existing[..begin] + section.TrimEnd('\n') + existing[(end + End.Length)..];
        }
        else if (existing.Length > 0)
        {
            text = existing.TrimEnd() + Environment.NewLine + Environment.NewLine + section;
        }
        else
        {
            text = "# Benchmarks" + Environment.NewLine + Environment.NewLine +
                "What Rein's hot paths cost, measured by the scripts in `bench/` and written here by them. A number is a result only" + Environment.NewLine +
                "with its baseline, measured in the same run, and the machine it ran on; re-run the script rather than edit a section." + Environment.NewLine +
                Environment.NewLine + section;
        }

        File.WriteAllText(path, text.TrimEnd() + Environment.NewLine);
    }

    private static string ReadWrkJson(string path)
    {
        const string Marker = "wrk-json: ";
        string? line = File.ReadLines(path).LastOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal));
        return line?[Marker.Length..] ?? throw new ArgumentException($"{path} has no wrk-json line");
    }

    private static Dictionary<string, string> ReadKeyValues(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(path))
        {
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                values[line[..eq]] = line[(eq + 1)..].Trim();
            }
        }

        return values;
    }

    private static string Require(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out string? value) ? value : throw new ArgumentException($"--{name} is required");
}
