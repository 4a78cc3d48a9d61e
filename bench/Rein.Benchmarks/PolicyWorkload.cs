using System.Globalization;
using System.Text.Json;
using Rein.Policy;
using Rein.Policy.Values;

namespace Rein.Benchmarks;

/// <summary>
/// One size of the workload <c>interop/cedar/bench.mjs --out DIR</c> writes: <c>policies-N.cedar</c>,
/// <c>entities-N.json</c>, <c>requests-N.json</c> (Cedar's JSON request shape) and cedar-wasm's answers,
/// <c>decisions-N.json</c>. Everything is read and built once: the policy set (ids <c>policy0</c>, <c>policy1</c>, ...
/// by position, as cedar-wasm was given them), the entity store with its ancestor closure, and the requests.
/// </summary>
internal sealed class PolicyWorkload
{
    /// <summary>The environment variable naming the workload directory (bench/run-policy.sh sets it).</summary>
    public const string DirectoryVariable = "REIN_POLICY_WORKLOAD";

    private PolicyWorkload(int size, PolicySet policies, EntityStore entities, Request[] requests)
    {
        Size = size;
        Policies = policies;
        Entities = entities;
        Requests = requests;
    }

    public int Size { get; }

    public PolicySet Policies { get; }

    public EntityStore Entities { get; }

    public Request[] Requests { get; }

    public static string DirectoryFromEnvironment() =>
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } dir
            ? dir
            : throw new InvalidOperationException(
                $"{DirectoryVariable} must name the directory written by interop/cedar/bench.mjs --out (bench/run-policy.sh sets it)");

    public static PolicyWorkload Load(string directory, int size)
    {
        var policies = PolicySet.Parse(File.ReadAllText(FileFor(directory, "policies", size, "cedar")), PolicyIdMode.Position);
        var entities = EntityStore.FromJson(File.ReadAllText(FileFor(directory, "entities", size, "json")));
        using var doc = JsonDocument.Parse(File.ReadAllText(FileFor(directory, "requests", size, "json")));
        var requests = new List<Request>();
        foreach (var r in doc.RootElement.EnumerateArray())
        {
            requests.Add(new Request(
                Uid(r.GetProperty("principal")),
                Uid(r.GetProperty("action")),
                Uid(r.GetProperty("resource")),
                Request.ContextFromJson(r.GetProperty("context").GetRawText())));
        }

        return new PolicyWorkload(size, policies, entities, [.. requests]);
    }

    /// <summary>cedar-wasm's answer to each request, in request order.</summary>
    public static IReadOnlyList<PolicyAnswer> LoadExpected(string directory, int size)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(FileFor(directory, "decisions", size, "json")));
        var answers = new List<PolicyAnswer>();
        foreach (var a in doc.RootElement.EnumerateArray())
        {
            answers.Add(new PolicyAnswer(
                a.GetProperty("decision").GetString() == "allow",
                [.. a.GetProperty("reason").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal)],
                [.. a.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).Distinct().Order(StringComparer.Ordinal)]));
        }

        return answers;
    }

    private static EntityUid Uid(JsonElement e) => new(e.GetProperty("type").GetString()!, e.GetProperty("id").GetString()!);

    private static string FileFor(string directory, string kind, int size, string extension)
    {
        var path = Path.Combine(directory, $"{kind}-{size.ToString(CultureInfo.InvariantCulture)}.{extension}");
        return File.Exists(path) ? path : throw new FileNotFoundException($"the workload has no {kind} for {size} policies", path);
    }
}
