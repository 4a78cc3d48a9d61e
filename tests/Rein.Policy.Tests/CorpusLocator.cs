namespace Rein.Policy.Tests;

/// <summary>Finds the shared Cedar corpus: walks up from the test assembly to a folder with a sibling <c>shared/cedar-corpus</c>.</summary>
internal static class CorpusLocator
{
    public static string CorpusRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "cedar-corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            dir = dir.Parent;
        }

        throw new DirectoryNotFoundException("shared/cedar-corpus was not found beside the repository");
    }
}
