using Rein.Policy;

namespace Rein.Core.Policies;

/// <summary>
/// Reads every <c>*.cedar</c> file of a directory into one policy set. Policies without <c>@id</c> are named
/// <c>FILE:policyN</c>. Any error in any file fails the whole load, listing every error.
/// </summary>
public static class PolicyDirectory
{
    public const int MaxFiles = 1_000;
    public const long MaxFileBytes = 1024 * 1024;

    public static (PolicySet? Set, IReadOnlyList<string> Errors) Load(string directory)
    {
        var errors = new List<string>();
        if (!Directory.Exists(directory)) return (null, [$"policy directory not found: {directory}"]);
        var files = Directory.EnumerateFiles(directory, "*.cedar", SearchOption.TopDirectoryOnly)
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count > MaxFiles) return (null, [$"more than {MaxFiles} policy files"]);

        var sets = new List<PolicySet>(files.Count);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var info = new FileInfo(file);
            if (info.Length > MaxFileBytes)
            {
                errors.Add($"{name}: larger than {MaxFileBytes / 1024} KiB");
                continue;
            }
            if (!PolicySet.TryParse(File.ReadAllText(file), out var set, out var error, PolicyIdMode.Annotation))
            {
                errors.Add($"{name}:{error!.Line}:{error.Column}: {error.Reason}");
                continue;
            }
            sets.Add(set!.WithIdPrefix(name + ":"));
        }
        if (errors.Count > 0) return (null, errors);
        try
        {
            return (PolicySet.Combine(sets), []);
        }
        catch (ArgumentException ex)
        {
            return (null, [ex.Message]);
        }
    }
}
