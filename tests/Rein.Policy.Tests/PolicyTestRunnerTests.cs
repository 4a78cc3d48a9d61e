using Rein.Policy.Testing;

namespace Rein.Policy.Tests;

public sealed class PolicyTestRunnerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rein-policy-runner-" + Guid.NewGuid().ToString("N"));

    public PolicyTestRunnerTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "cases", "nested"));
        File.WriteAllText(Path.Combine(_root, "cases", "p.cedar"), """
            permit(principal == User::"alice", action, resource);
            forbid(principal, action, resource) when { context.n + 1 < 0 };
            """);
        File.WriteAllText(Path.Combine(_root, "cases", "e.json"), """[{ "uid": { "type": "User", "id": "alice" }, "attrs": {}, "parents": [] }]""");
        File.WriteAllText(Path.Combine(_root, "cases", "s.cedarschema"), "entity User; action read appliesTo { principal: User, resource: User, context: { n: Long } };");
        File.WriteAllText(Path.Combine(_root, "cases", "nested", "t.json"), """
            {
              "policies": "cases/p.cedar", "entities": "cases/e.json", "schema": "cases/s.cedarschema", "shouldValidate": true,
              "requests": [
                { "description": "alice may read", "principal": { "type": "User", "id": "alice" }, "action": { "__entity": { "type": "Action", "id": "read" } },
                  "resource": { "type": "User", "id": "alice" }, "context": { "n": 0 }, "decision": "allow", "reason": ["policy0"], "errors": [] },
                { "description": "overflow is reported", "principal": { "type": "User", "id": "alice" }, "action": { "type": "Action", "id": "read" },
                  "resource": { "type": "User", "id": "alice" }, "context": { "n": 9223372036854775807 }, "decision": "allow", "reason": ["policy0"], "errors": ["policy1"] },
                { "description": "a wrong expectation", "principal": { "type": "User", "id": "bob" }, "action": { "type": "Action", "id": "read" },
                  "resource": { "type": "User", "id": "alice" }, "context": { "n": 0 }, "decision": "allow", "reason": ["policy0"], "errors": [] }
              ]
            }
            """);
        File.WriteAllText(Path.Combine(_root, "cases", "nested", "not-a-test.json"), """{ "hello": 1 }""");
    }

    [Fact]
    public void Run_Folder_FindsTestsAndDescribesEveryMismatch()
    {
        var report = PolicyTestRunner.Run(_root, ["cases"]);

        Assert.Equal((1, 3, 2), (report.Files, report.Requests, report.Passed));
        var mismatch = Assert.Single(report.Mismatches);
        Assert.Equal("cases/nested/t.json", mismatch.TestFile);
        Assert.Equal("a wrong expectation", mismatch.Request);
        Assert.Equal("allow reason=[policy0] errors=[]", mismatch.Expected);
        Assert.Equal("deny reason=[] errors=[]", mismatch.Actual);
        Assert.Contains("a wrong expectation", mismatch.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingOrBrokenTest_IsReportedNotThrown()
    {
        File.WriteAllText(Path.Combine(_root, "broken.json"), """{ "policies": "nowhere.cedar", "requests": [ {} ] }""");

        var report = PolicyTestRunner.Run(_root, ["missing.json", "broken.json"]);

        Assert.Equal(2, report.Mismatches.Count);
        Assert.False(report.Succeeded);
        Assert.All(report.Mismatches, m => Assert.Equal(string.Empty, m.Request));
        Assert.Equal((1, 0, 2), (report.Requests, report.Passed, report.Failed));
    }

    [Fact]
    public void Run_PolicyParseError_FailsEveryRequestOfTheFile_AndNamesLineAndColumn()
    {
        File.WriteAllText(Path.Combine(_root, "cases", "broken.cedar"), "permit(principal, action, resource)\nwhen { context.n == };\n");
        File.WriteAllText(Path.Combine(_root, "broken-policy.json"), File.ReadAllText(Path.Combine(_root, "cases", "nested", "t.json"))
            .Replace("cases/p.cedar", "cases/broken.cedar", StringComparison.Ordinal));

        var report = PolicyTestRunner.Run(_root, ["broken-policy.json"]);

        Assert.Equal((3, 0, 3), (report.Requests, report.Passed, report.Failed));
        var mismatch = Assert.Single(report.Mismatches);
        Assert.Contains("line 2, column 21", mismatch.Actual, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
