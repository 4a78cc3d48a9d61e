using System.Diagnostics;
using Rein.Server.Cli;
using Rein.Server.Hosting;

namespace Rein.Server.Tests;

public sealed class CliTests
{
    [Fact]
    public async Task Demo_RunsEveryStep_AndExitsZero()
    {
        using var output = new StringWriter();

        var exit = await DemoCommand.RunAsync(output, CancellationToken.None);

        var text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("Demo complete", text, StringComparison.Ordinal);
        Assert.Contains("as a bearer token:                      401 invalid_token", text, StringComparison.Ordinal);
        Assert.Contains("400 unauthorized_client", text, StringComparison.Ordinal);
        // A CAEP session-revoked SET pushed by the demo identity provider stops that session, with time to contain.
        Assert.Contains("session-revoked SET for that session to /ssf/receiver/demo-idp: 202", text, StringComparison.Ordinal);
        Assert.Matches(@"that instance's next call: 401 invalid_token; time to contain \(SET receipt to revocation index applied\): \d+\.\d+ ms", text);
        Assert.Contains("assistant-bot calls the tickets tool as itself, for alice: 200", text, StringComparison.Ordinal);
        Assert.Contains("report-bot's call: 200", text, StringComparison.Ordinal);
        Assert.Contains("assistant-bot's next call: 401 invalid_token; report-bot's: 401 invalid_token", text, StringComparison.Ordinal);
        Assert.Contains("exchanging her old IdP token again: 400 invalid_request", text, StringComparison.Ordinal);
        // The demo shows claims, never the token: no compact JWS (three base64url segments) is printed.
        Assert.DoesNotMatch(@"eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+", text);
    }

    [Theory]
    [InlineData(null, ReinRoles.All)]
    [InlineData("gateway", ReinRoles.Gateway)]
    [InlineData("broker, admin", ReinRoles.Broker | ReinRoles.Admin)]
    [InlineData("Gateway,BROKER", ReinRoles.Gateway | ReinRoles.Broker)]
    [InlineData("signals", ReinRoles.Signals)]
    [InlineData("gateway,signals", ReinRoles.Gateway | ReinRoles.Signals)]
    public void Roles_Parse(string? text, ReinRoles expected)
    {
        Assert.True(ServeCommand.TryParseRoles(text, out var roles));
        Assert.Equal(expected, roles);
    }

    [Theory]
    [InlineData("")]
    [InlineData("transmitter")]
    [InlineData("signal")]
    [InlineData("gateway,nope")]
    public void Roles_Unknown_AreRefused(string text) => Assert.False(ServeCommand.TryParseRoles(text, out _));

    [Fact]
    public void Serve_InvalidConfig_ListsEveryErrorAndExitsTwo()
    {
        var dir = Directory.CreateTempSubdirectory("rein-cli-");
        try
        {
            var config = Path.Combine(dir.FullName, "rein.yaml");
            File.WriteAllText(config, "tools:\n  - id: tickets\n    audiance: https://x.example\n    actions: []\nagents:\n  - id: bot\n    tools: { nope: [a] }\n");

            var (exit, _, stderr) = RunRein("serve", "--config", config, "--data-dir", Path.Combine(dir.FullName, "data"), "--urls", "http://127.0.0.1:0");

            Assert.Equal(2, exit);
            Assert.Contains("nothing was loaded", stderr, StringComparison.Ordinal);
            Assert.Contains("tools[0].audiance", stderr, StringComparison.Ordinal);
            Assert.Contains("did you mean 'audience'", stderr, StringComparison.Ordinal);
            Assert.Contains("agents[0]", stderr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(dir.FullName, "data")), "nothing may be created when the config is invalid");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void PolicyTest_HandWrittenCedarTests_AllPass()
    {
        var corpus = Path.Combine(RepositoryRoot(), "..", "shared", "cedar-corpus");

        var (exit, stdout, _) = RunRein("policy", "test", "--root", corpus, Path.Combine(corpus, "tests"));

        Assert.True(exit == 0, stdout);
        Assert.Contains("74 passed, 0 failed", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicyTest_WrongExpectation_PrintsMismatchAndFails()
    {
        var dir = Directory.CreateTempSubdirectory("rein-policy-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "p.cedar"), "permit(principal, action, resource);");
            File.WriteAllText(Path.Combine(dir.FullName, "e.json"), "[]");
            File.WriteAllText(Path.Combine(dir.FullName, "t.json"), """
                { "policies": "p.cedar", "entities": "e.json", "schema": null, "shouldValidate": false,
                  "requests": [ { "description": "expects deny", "principal": { "type": "A", "id": "a" }, "action": { "type": "Action", "id": "x" },
                                  "resource": { "type": "R", "id": "r" }, "context": {}, "decision": "deny", "reason": [], "errors": [] } ] }
                """);

            var (exit, stdout, _) = RunRein("policy", "test", "--root", dir.FullName, Path.Combine(dir.FullName, "t.json"));

            Assert.Equal(1, exit);
            Assert.Contains("MISMATCH", stdout, StringComparison.Ordinal);
            Assert.Contains("0 passed, 1 failed", stdout, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void PolicyTest_BrokenPolicy_NamesLineAndColumn_AndFailsEveryRequest_PathsRelativeToTheCurrentFolderOrTheRoot()
    {
        var dir = Directory.CreateTempSubdirectory("rein-policy-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "p.cedar"), "permit(principal, action, resource)\n  when { context.x == };\n");
            File.WriteAllText(Path.Combine(dir.FullName, "t.json"), """
                { "policies": "p.cedar", "entities": null, "schema": null, "shouldValidate": false,
                  "requests": [ { "description": "one", "principal": { "type": "A", "id": "a" }, "action": { "type": "Action", "id": "x" },
                                  "resource": { "type": "R", "id": "r" }, "context": {}, "decision": "deny", "reason": [], "errors": [] },
                                { "description": "two", "principal": { "type": "A", "id": "b" }, "action": { "type": "Action", "id": "x" },
                                  "resource": { "type": "R", "id": "r" }, "context": {}, "decision": "deny", "reason": [], "errors": [] } ] }
                """);
            var relativeToHere = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(dir.FullName, "t.json"));

            var (exit, stdout, _) = RunRein("policy", "test", "--root", dir.FullName, relativeToHere);
            var (underRootExit, underRoot, _) = RunRein("policy", "test", "--root", dir.FullName, "t.json");

            Assert.Equal(1, exit);
            Assert.Contains("(line 2, column 23)", stdout, StringComparison.Ordinal);
            Assert.Contains("0 passed, 2 failed", stdout, StringComparison.Ordinal);
            Assert.Equal(1, underRootExit);
            Assert.Contains("0 passed, 2 failed", underRoot, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static (int Exit, string Stdout, string Stderr) RunRein(params string[] args) => ReinProcess.Run(args);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rein.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Rein.slnx not found above the test assembly.");
    }
}
