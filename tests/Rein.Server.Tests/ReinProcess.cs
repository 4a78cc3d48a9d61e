using System.Diagnostics;

namespace Rein.Server.Tests;

/// <summary>Runs the <c>rein</c> executable built beside the tests, as a user would, and captures what it prints.</summary>
internal static class ReinProcess
{
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "rein.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("rein did not exit");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
