using System.Formats.Tar;
using System.IO.Compression;

namespace Rein.Policy.Tests;

/// <summary>Extracts the generated corpus archive into a temporary <c>corpus-tests/</c> folder once per test run.</summary>
public sealed class GeneratedCorpusFixture : IDisposable
{
    public GeneratedCorpusFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "rein-cedar-corpus-" + Guid.NewGuid().ToString("N"));
        var target = Path.Combine(Root, "corpus-tests");
        Directory.CreateDirectory(target);
        using var file = File.OpenRead(Path.Combine(CorpusLocator.CorpusRoot(), "corpus.tar.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
            {
                continue;
            }

            // Note: the archive may or may not nest its files in a folder; every test file lands directly in corpus-tests/.
            var name = Path.GetFileName(entry.Name);
            if (name.Length == 0 || name.StartsWith('.'))
            {
                continue;
            }

            entry.ExtractToFile(Path.Combine(target, name), overwrite: true);
        }
    }

    /// <summary>The folder whose <c>corpus-tests/</c> holds the extracted tests (the paths inside tests resolve against it).</summary>
    public string Root { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary folder is harmless.
        }
    }
}
