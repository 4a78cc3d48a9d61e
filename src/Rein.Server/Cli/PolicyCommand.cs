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
        var paths = new Argument<string[]>("paths")
        {
            Description = "Test files, or folders searched for *.json tests (relative to the current folder, else to --root).",
            Arity = ArgumentArity.OneOrMore,
        };
        var test = new Command("test", "Run Cedar-format policy tests.") { root, paths };
        test.SetAction(parse =>
        {
            var rootDir = parse.GetValue(root)?.FullName ?? Environment.CurrentDirectory;
            var report = PolicyTestRunner.Run(rootDir, parse.GetValue(paths)!.Select(p => Locate(p, rootDir)));
            foreach (var mismatch in report.Mismatches) Console.WriteLine("MISMATCH " + mismatch);
            Console.WriteLine($"{report.Files} files, {report.Requests} requests");
            Console.WriteLine($"{report.Passed} passed, {report.Failed} failed");
            return report.Succeeded && report.Failed == 0 && report.Requests > 0 ? 0 : 1;
        });
        return new Command("policy", "Work with Cedar policies.") { test };
    }

    /// <summary>
    /// A path on the command line is relative to the current folder, as with any command; one found only under the
    /// root (<c>--root corpus tests</c>) is taken from there. Paths inside test files are always relative to the root.
    /// </summary>
    private static string Locate(string path, string root)
    {
        if (Path.IsPathRooted(path)) return path;
        var here = Path.GetFullPath(path);
        if (File.Exists(here) || Directory.Exists(here)) return here;
        var underRoot = Path.GetFullPath(Path.Combine(root, path));
        return File.Exists(underRoot) || Directory.Exists(underRoot) ? underRoot : here;
    }
}
