namespace Rein.Interop.Tests;

/// <summary>The repository checkout the tests run from: the nearest folder above the test assembly holding <c>Rein.slnx</c>.</summary>
internal static class RepoRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string Interop => System.IO.Path.Combine(Path, "interop");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Rein.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Rein.slnx.");
    }
}
