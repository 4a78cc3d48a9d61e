namespace Rein.Interop.Tests;

/// <summary>
/// Installs <c>interop/cedar/</c>'s npm packages (the official Cedar implementation, cedar-wasm) from its own lock file
/// (<c>npm ci</c>) when they are missing or older than the lock. Serialized within the test run and, through a lock
/// file, across test processes.
/// </summary>
internal static class CedarNodePackages
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static string Folder => Path.Combine(RepoRoot.Interop, "cedar");

    public static async Task EnsureInstalledAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (IsCurrent()) return;
            await using var crossProcess = await AcquireFileLockAsync().ConfigureAwait(false);
            if (IsCurrent()) return;
            var result = await ExternalProcess.RunAsync(
                ExternalProcess.Tool("npm"), ["ci", "--no-audit", "--no-fund"], Folder, TimeSpan.FromMinutes(10))
                .ConfigureAwait(false);
            if (result.ExitCode != 0) throw new InvalidOperationException("npm ci failed in interop/cedar/." + Environment.NewLine + result);
            if (!IsCurrent()) throw new InvalidOperationException("npm ci succeeded but interop/cedar/node_modules is still incomplete." + Environment.NewLine + result);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>npm writes <c>node_modules/.package-lock.json</c> last; it must exist and be no older than the lock.</summary>
    private static bool IsCurrent()
    {
        var installed = new FileInfo(Path.Combine(Folder, "node_modules", ".package-lock.json"));
        var locked = new FileInfo(Path.Combine(Folder, "package-lock.json"));
        return installed.Exists && installed.LastWriteTimeUtc >= locked.LastWriteTimeUtc;
    }

    /// <summary>An exclusive lock on a small file in the temp folder, named after this checkout; left behind on purpose.</summary>
    private static async Task<FileStream> AcquireFileLockAsync()
    {
        var name = "rein-interop-cedar-npm-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(RepoRoot.Path)))[..16] + ".lock";
        var path = Path.Combine(Path.GetTempPath(), name);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(12);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250).ConfigureAwait(false);
            }
        }
    }
}
