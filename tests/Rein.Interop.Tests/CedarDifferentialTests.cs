using System.Globalization;
using System.Text;
using System.Text.Json;
using Rein.Policy;
using Rein.Policy.Testing;
using Xunit.Abstractions;

namespace Rein.Interop.Tests;

/// <summary>
/// Differential testing of Rein.Policy against the official Cedar implementation (npm's <c>@cedar-policy/cedar-wasm</c>):
/// <c>interop/cedar/generate.mjs</c> generates random but well-formed policies, entities and requests, asks cedar-wasm
/// for each decision, determining policies and erroring policies, and writes the cases in the format of Cedar's
/// integration tests; Rein's own test runner then replays them in-process and every answer must match. Policies that
/// cedar-wasm refuses to parse must be refused by Rein too.
/// </summary>
public sealed class CedarDifferentialTests(ITestOutputHelper output)
{
    /// <summary>The seed of the fixed run: the same cases every time.</summary>
    private const string FixedSeed = "20260801";

    private const int FixedCount = 2000;

    /// <summary>The random run adds fresh cases on each run, so over time more of the space is covered.</summary>
    private const int RandomCount = 400;

    /// <summary>Set to a seed to make the random run repeat it (the failure message names the seed).</summary>
    private const string SeedVariable = "REIN_CEDAR_DIFF_SEED";

    private const int MismatchesShown = 20;

    [Fact]
    public Task Rein_AgreesWithCedarWasm_FixedSeed() => RunAsync(FixedSeed, FixedCount);

    [Fact]
    public Task Rein_AgreesWithCedarWasm_RandomSeed()
    {
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Random.Shared.Next(1, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        return RunAsync(seed, RandomCount);
    }

    private async Task RunAsync(string seed, int count)
    {
        output.WriteLine($"cedar differential: seed {seed}, {count} cases (repeat with {SeedVariable}={seed} for the random run)");
        await CedarNodePackages.EnsureInstalledAsync();

        var work = Directory.CreateTempSubdirectory("rein-cedar-diff-");
        var keep = false;
        try
        {
            var generated = await ExternalProcess.RunAsync(
                ExternalProcess.Tool("node"),
                ["generate.mjs", "--seed", seed, "--count", count.ToString(CultureInfo.InvariantCulture), "--out", work.FullName, "--quiet"],
                CedarNodePackages.Folder, TimeSpan.FromMinutes(5));
            Assert.True(generated.ExitCode == 0, $"seed {seed}: the generator failed.{Environment.NewLine}{generated}");
            var stats = generated.StandardOutput.Trim();
            output.WriteLine("generator: " + stats);
            using (var statsJson = JsonDocument.Parse(stats))
            {
                var written = statsJson.RootElement.GetProperty("written").GetInt32();
                // Note: a few cases are discarded because cedar-wasm refuses a policy on purpose (reserved words, odd syntax).
                Assert.True(written >= count * 8 / 10, $"seed {seed}: only {written} of {count} cases were kept: {stats}");
            }

            var report = PolicyTestRunner.Run(work.FullName, [work.FullName]);
            output.WriteLine($"Rein: {report.Files} files, {report.Requests} requests, {report.Mismatches.Count} mismatches");
            var rejected = CheckRejectedPolicies(Path.Combine(work.FullName, "_rejected.json"));
            output.WriteLine($"Rein: {rejected.Checked} inputs that cedar-wasm refuses (policies, entities, contexts), {rejected.Accepted.Count} accepted by Rein");

            if (report.Mismatches.Count > 0 || rejected.Accepted.Count > 0 || report.Files == 0)
            {
                keep = true;
                Assert.Fail(Describe(seed, count, work.FullName, report, rejected));
            }
        }
        finally
        {
            if (!keep) work.Delete(recursive: true);
        }
    }

    /// <summary>Everything cedar-wasm refused (policies, entity lists, contexts) that Rein nevertheless accepts.</summary>
    private static (int Checked, List<(string Case, string Kind, string Text, string Cedar)> Accepted) CheckRejectedPolicies(string path)
    {
        var accepted = new List<(string, string, string, string)>();
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var count = 0;
        foreach (var item in doc.RootElement.EnumerateArray())
        {
            count++;
            var kind = item.GetProperty("kind").GetString()!;
            var text = kind == "policy" ? item.GetProperty("policy").GetString()! : item.GetProperty("json").GetString()!;
            if (ReinAccepts(kind, text))
            {
                accepted.Add((item.GetProperty("case").GetString()!, kind, text, item.GetProperty("cedar").GetString()!));
            }
        }
        return (count, accepted);
    }

    private static bool ReinAccepts(string kind, string text)
    {
        switch (kind)
        {
            case "policy":
                return PolicySet.TryParse(text, out _, out _, PolicyIdMode.Position);
            case "entities":
            case "context":
                try
                {
                    if (kind == "entities") EntityStore.FromJson(text);
                    else Request.ContextFromJson(text);
                    return true;
                }
                catch (PolicyParseException)
                {
                    return false;
                }
            default:
                throw new InvalidOperationException($"unknown kind of refused input: {kind}");
        }
    }

    private static string Describe(
        string seed, int count, string folder, PolicyTestReport report,
        (int Checked, List<(string Case, string Kind, string Text, string Cedar)> Accepted) rejected)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Rein disagrees with cedar-wasm: seed {seed}, {count} cases, {report.Files} files, {report.Requests} requests, {report.Mismatches.Count} mismatches, {rejected.Accepted.Count} inputs Rein accepts that Cedar refuses.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Reproduce: node interop/cedar/generate.mjs --seed {seed} --count {count} --out DIR && rein policy test --root DIR DIR (one case: --first K --count 1; the random test repeats with {SeedVariable}={seed}).");
        text.AppendLine(CultureInfo.InvariantCulture, $"The cases are kept in {folder}.");
        foreach (var mismatch in report.Mismatches.Take(MismatchesShown))
        {
            text.AppendLine(mismatch.ToString());
            if (CedarMessages(folder, mismatch) is { Length: > 0 } messages) text.AppendLine("    cedar says: " + messages);
        }
        if (report.Mismatches.Count > MismatchesShown) text.AppendLine(CultureInfo.InvariantCulture, $"... and {report.Mismatches.Count - MismatchesShown} more.");
        foreach (var (caseName, kind, input, cedar) in rejected.Accepted.Take(MismatchesShown))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{caseName}: Rein reads {(kind == "policy" ? "a policy" : kind == "entities" ? "entity JSON" : "a context")} that cedar-wasm refuses ({cedar}):");
            text.AppendLine(input);
        }
        return text.ToString();
    }

    /// <summary>The error messages cedar-wasm gave for a mismatched request, which the generator stores beside the expectation.</summary>
    private static string CedarMessages(string folder, PolicyTestMismatch mismatch)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, mismatch.TestFile)));
            foreach (var request in doc.RootElement.GetProperty("requests").EnumerateArray())
            {
                if (request.GetProperty("description").GetString() != mismatch.Request) continue;
                return string.Join("; ", request.GetProperty("cedarErrorMessages").EnumerateArray().Select(m => m.GetString()));
            }
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Note: the messages are a courtesy; the mismatch itself is already reported.
        }
        return string.Empty;
    }
}
