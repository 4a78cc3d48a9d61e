using System.Diagnostics;
using System.Text;

namespace Rein.Interop.Tests;

/// <summary>What a finished child process printed and how it exited.</summary>
internal sealed record ProcessResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() =>
        $"`{Command}` exited with {ExitCode}.{Environment.NewLine}" +
        $"--- stdout ---{Environment.NewLine}{StandardOutput.TrimEnd()}{Environment.NewLine}" +
        $"--- stderr ---{Environment.NewLine}{StandardError.TrimEnd()}";
}

/// <summary>Runs node and npm as child processes, capturing their output, with a hard time limit.</summary>
internal static class ExternalProcess
{
    /// <summary>The executable for a Node.js tool: on Windows npm is a .cmd shim.</summary>
    public static string Tool(string name) => OperatingSystem.IsWindows() && name == "npm" ? "npm.cmd" : name;

    public static async Task<ProcessResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var command = string.Join(' ', [fileName, .. arguments]);
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        if (environment is not null)
        {
            foreach (var (name, value) in environment) info.Environment[name] = value;
        }

        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start `{command}` ({e.Message}). The interop tests need Node.js and npm on PATH.", e);
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            lock (stderr) stderr.AppendLine($"[killed: no exit within {timeout.TotalSeconds:0}s]");
        }
        // The parameterless wait returns only once the redirected streams have been read to the end.
        process.WaitForExit();

        string output, error;
        lock (stdout) output = stdout.ToString();
        lock (stderr) error = stderr.ToString();
        return new ProcessResult(command, process.ExitCode, output, error);
    }
}
