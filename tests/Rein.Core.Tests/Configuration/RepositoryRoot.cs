namespace Rein.Core.Tests.Configuration;

/// <summary>Finds the repository root: the nearest folder above the test assembly that holds <c>Rein.slnx</c>.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Rein.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Rein.slnx was not found above the test assembly.");
    }
}
