using System.Collections.Concurrent;
using System.Text.Json;
using Rein.Policy.Json;
using Rein.Policy.Schemas;
using Rein.Policy.Values;

namespace Rein.Policy.Testing;

/// <summary>
/// Runs tests in the format of Cedar's integration tests: a JSON object with <c>policies</c>, <c>entities</c>,
/// <c>schema</c> (paths relative to a root folder), <c>shouldValidate</c> and <c>requests</c>, each request with
/// <c>principal</c>, <c>action</c>, <c>resource</c>, <c>context</c> and the expected <c>decision</c>, <c>reason</c>
/// and <c>errors</c>. Policies are named <c>policy0</c>, <c>policy1</c>, ... in file order.
/// </summary>
public sealed class PolicyTestRunner
{
    private readonly string _root;
    private readonly ConcurrentDictionary<string, Lazy<Schema>> _schemas = new(StringComparer.Ordinal);

    /// <summary>Creates a runner that resolves the paths inside test files against <paramref name="root"/>.</summary>
    public PolicyTestRunner(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        _root = Path.GetFullPath(root);
    }

    /// <summary>Runs the tests found at the given paths.</summary>
    /// <param name="root">The folder that paths inside test files (and relative <paramref name="paths"/>) are relative to.</param>
    /// <param name="paths">Test files, or folders searched recursively for <c>*.json</c> files that have a <c>requests</c> array.</param>
    public static PolicyTestReport Run(string root, IEnumerable<string> paths) => new PolicyTestRunner(root).Run(paths);

    /// <summary>Runs the tests found at the given paths (files or folders), in parallel, reporting in file order.</summary>
    public PolicyTestReport Run(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        foreach (var p in paths)
        {
            var full = Path.IsPathRooted(p) ? p : Path.Combine(_root, p);
            if (Directory.Exists(full))
            {
                var found = Directory.GetFiles(full, "*.json", SearchOption.AllDirectories);
                Array.Sort(found, StringComparer.Ordinal);
                files.AddRange(found.Where(IsTestFile));
            }
            else
            {
                // Note: a missing file is kept, so the report names it as a test that could not be read.
                files.Add(full);
            }
        }

        var results = new FileResult[files.Count];
        Parallel.For(0, files.Count, i => results[i] = RunFile(files[i]));
        var mismatches = new List<PolicyTestMismatch>();
        var requests = 0;
        var failed = 0;
        foreach (var r in results)
        {
            requests += r.Requests;
            failed += r.Failed;
            mismatches.AddRange(r.Mismatches);
        }

        return new PolicyTestReport(files.Count, requests, failed, mismatches);
    }

    private static bool IsTestFile(string path)
    {
        // Note: a test is a JSON object; entity files beside the tests are arrays and are skipped without parsing.
        using var reader = new StreamReader(path);
        int c;
        while ((c = reader.Read()) >= 0 && char.IsWhiteSpace((char)c))
        {
        }

        if (c != '{')
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path), CedarJson.DocumentOptions);
            return doc.RootElement.TryGetProperty("requests", out var r) && r.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private string Display(string path)
    {
        var relative = Path.GetRelativePath(_root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative.Replace('\\', '/');
    }

    private FileResult RunFile(string path)
    {
        var name = Display(path);
        var mismatches = new List<PolicyTestMismatch>();
        JsonDocument doc;
        try
        {
            doc = CedarJson.ParseDocument(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PolicyParseException)
        {
            return new FileResult(0, 1, [new PolicyTestMismatch(name, string.Empty, "a readable test file", e.Message)]);
        }

        using (doc)
        {
            var test = doc.RootElement;
            if (test.ValueKind != JsonValueKind.Object || !test.TryGetProperty("requests", out var requests) || requests.ValueKind != JsonValueKind.Array)
            {
                return new FileResult(0, 1, [new PolicyTestMismatch(name, string.Empty, "a test object", "no \"requests\" array")]);
            }

            PolicySet policies;
            Schema? schema;
            EntityStore entities;
            try
            {
                var policyPath = Resolve(RequiredString(test, "policies"));
                policies = PolicySet.Parse(File.ReadAllText(policyPath), PolicyIdMode.Position);
                var schemaPath = OptionalString(test, "schema") is { } s ? Resolve(s) : null;
                schema = schemaPath is null ? null : LoadSchema(schemaPath);
                var entitiesPath = OptionalString(test, "entities") is { } en ? Resolve(en) : null;
                entities = entitiesPath is null ? EntityStore.Empty : LoadEntities(entitiesPath, schema);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or PolicyParseException or InvalidOperationException)
            {
                // Note: none of the file's requests could run, so every one of them failed (at least one, for an empty list).
                var count = requests.GetArrayLength();
                return new FileResult(count, Math.Max(count, 1), [new PolicyTestMismatch(name, string.Empty, "a loadable test", e.Message)]);
            }

            var index = 0;
            foreach (var request in requests.EnumerateArray())
            {
                var label = request.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String
                    ? d.GetString()!
                    : "request " + index;
                index++;
                try
                {
                    var (expected, actual) = RunRequest(request, policies, schema, entities);
                    if (expected != actual)
                    {
                        mismatches.Add(new PolicyTestMismatch(name, label, expected, actual));
                    }
                }
                catch (Exception e) when (e is PolicyParseException or InvalidOperationException or ArgumentException or KeyNotFoundException)
                {
                    mismatches.Add(new PolicyTestMismatch(name, label, "a valid request", "request could not be read: " + e.Message));
                }
            }

            return new FileResult(index, mismatches.Count, mismatches);
        }
    }

    private static (string Expected, string Actual) RunRequest(JsonElement request, PolicySet policies, Schema? schema, EntityStore entities)
    {
        var principal = CedarJson.ReadUid(request.GetProperty("principal"));
        var action = CedarJson.ReadUid(request.GetProperty("action"));
        var resource = CedarJson.ReadUid(request.GetProperty("resource"));
        var context = request.TryGetProperty("context", out var c) && c.ValueKind != JsonValueKind.Null
            ? CedarJson.ReadContext(c, schema?.ContextType(action))
            : Value.FromRecord(RecordValue.Empty);
        var response = Authorizer.IsAuthorized(new Request(principal, action, resource, context), policies, entities);

        var expectedDecision = request.GetProperty("decision").GetString() ?? string.Empty;
        var expected = Format(expectedDecision.ToUpperInvariant() == "ALLOW" ? Decision.Allow : Decision.Deny, Ids(request, "reason"), Ids(request, "errors"));
        var actual = Format(response.Decision, response.Reason, response.Errors.Select(e => e.PolicyId));
        return (expected, actual);
    }

    private static IEnumerable<string> Ids(JsonElement request, string property)
    {
        if (!request.TryGetProperty(property, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                yield return item.GetString()!;
            }
            else if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("policyId", out var id))
            {
                yield return id.GetString() ?? string.Empty;
            }
        }
    }

    private static string Format(Decision decision, IEnumerable<string> reason, IEnumerable<string> errors)
    {
        var r = reason.Distinct().Order(StringComparer.Ordinal);
        var e = errors.Distinct().Order(StringComparer.Ordinal);
        return $"{(decision == Decision.Allow ? "allow" : "deny")} reason=[{string.Join(", ", r)}] errors=[{string.Join(", ", e)}]";
    }

    private string Resolve(string relative) => Path.IsPathRooted(relative) ? relative : Path.Combine(_root, relative);

    private static string RequiredString(JsonElement test, string property) =>
        OptionalString(test, property) ?? throw new PolicyParseException($"the test has no \"{property}\"");

    private static string? OptionalString(JsonElement test, string property) =>
        test.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private Schema LoadSchema(string path) =>
        _schemas.GetOrAdd(path, p => new Lazy<Schema>(() => Schema.Parse(File.ReadAllText(p)))).Value;

    private static EntityStore LoadEntities(string path, Schema? schema) => EntityStore.FromJson(File.ReadAllText(path), schema);

    /// <param name="Requests">Requests in the file.</param>
    /// <param name="Failed">Requests that did not match, or that could not run; 1 for a file that could not be read at all.</param>
    /// <param name="Mismatches">What went wrong, one line per request or one for the whole file.</param>
    private sealed record FileResult(int Requests, int Failed, IReadOnlyList<PolicyTestMismatch> Mismatches);
}
