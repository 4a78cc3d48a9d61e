using System.CommandLine;
using Rein.Policy.Testing;

namespace Rein.Server.Cli;

/// <summary>
/// <c>rein policy test [--root DIR] FILE_OR_DIR...</c>: runs policy tests in the format of Cedar's integration tests
/// and prints every mismatch and a final <c>N passed, N failed</c> line; exit 0 only when all pass. Use it in CI for
/// your own Rein policies.
/// </summary>
internal static class PolicyCommand
{
    public static Command Create()
    {
        var root = new Option<DirectoryInfo?>("--root") { Description = "The folder paths inside test files are relative to (default: the current folder)." };
        var paths = new Argument<string[]>("paths") { Description = "Test files, or folders searched for *.json tests.", Arity = ArgumentArity.OneOrMore };
        var test = new Command("test", "Run Cedar-format policy tests.") { root, paths };
        test.SetAction(parse =>
        {
            var rootDir = parse.GetValue(root)?.FullName ?? Environment.CurrentDirectory;
            var report = PolicyTestRunner.Run(rootDir, parse.GetValue(paths)!);
            foreach (var mismatch in report.Mismatches) Console.WriteLine("MISMATCH " + mismatch);
            var failed = report.Mismatches.Count;
            Console.WriteLine($"{report.Files} files, {report.Requests} requests");
            Console.WriteLine($"{report.Passed} passed, {failed} failed");
            return failed == 0 && report.Requests > 0 ? 0 : 1;
        });
        return new Command("policy", "Work with Cedar policies.") { test };
    }
}
