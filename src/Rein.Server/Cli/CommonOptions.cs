using System.CommandLine;
using Rein.Core.Configuration;
using Rein.Core.Registry;

namespace Rein.Server.Cli;

/// <summary>Flags shared by the commands that open a Rein data directory, and the config loading they share.</summary>
internal static class CommonOptions
{
    public static Option<FileInfo?> Config() => new("--config") { Description = "The rein.yaml with tools, agents, admins and trust (DESIGN §5)." };

    public static Option<DirectoryInfo?> DataDir() => new("--data-dir") { Description = "Where the embedded store and master key live (default ./.rein)." };

    public static Option<string?> Store() => new("--store") { Description = "sqlite:PATH or a PostgreSQL connection string; overrides the config file's store." };

    /// <summary>Loads and checks the config; prints every error to stderr and returns null when it cannot be used.</summary>
    public static ReinConfig? LoadConfig(FileInfo? file, TextWriter error)
    {
        if (file is null) return ReinConfig.Empty;
        if (!file.Exists)
        {
            error.WriteLine($"rein: config file not found: {file.Name}");
            return null;
        }
        var result = ConfigLoader.LoadFile(file.FullName);
        if (!result.Succeeded)
        {
            error.WriteLine($"rein: {file.Name} has {result.Errors.Count} error(s); nothing was loaded:");
            foreach (var e in result.Errors) error.WriteLine("  " + e);
            return null;
        }
        var config = result.Config!;
        if (config.Policies is { } policies)
        {
            // Note: the policy directory is relative to the config file, not to wherever rein was started.
            config = config with { Policies = Path.GetFullPath(Path.Combine(file.DirectoryName!, policies)) };
            var (_, policyErrors) = Core.Policies.PolicyDirectory.Load(config.Policies);
            if (policyErrors.Count > 0)
            {
                error.WriteLine($"rein: the policies in {policies} have {policyErrors.Count} error(s); nothing was loaded:");
                foreach (var e in policyErrors) error.WriteLine("  " + e);
                return null;
            }
        }
        try
        {
            ReinRegistry.Build(config);
        }
        catch (RegistryException ex)
        {
            error.WriteLine($"rein: {file.Name} has {ex.Errors.Count} error(s); nothing was loaded:");
            foreach (var e in ex.Errors) error.WriteLine("  " + e);
            return null;
        }
        return config;
    }

    public static string DataDirectory(DirectoryInfo? dir) => dir?.FullName ?? Path.Combine(Environment.CurrentDirectory, ".rein");
}
