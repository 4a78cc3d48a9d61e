namespace Rein.Interop.Tests;

/// <summary>
/// Installs one <c>interop/</c> subfolder's npm packages from its own lock file (<c>npm ci</c>) when they are missing
/// or older than the lock; serialized within the run and, through a lock file, across test processes.
/// </summary>
internal sealed class NpmFolder(string name)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Folder => Path.Combine(RepoRoot.Interop, name);

    public async Task EnsureInstalledAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (IsCurrent()) return;
            var lockPath = Path.Combine(Path.GetTempPath(), $"rein-interop-{name}-npm-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes(RepoRoot.Path)))[..16] + ".lock");
            await using var crossProcess = await AcquireAsync(lockPath).ConfigureAwait(false);
            if (IsCurrent()) return;
            var result = await ExternalProcess.RunAsync(ExternalProcess.Tool("npm"), ["ci", "--no-audit", "--no-fund"], Folder, TimeSpan.FromMinutes(10)).ConfigureAwait(false);
            if (result.ExitCode != 0 || !IsCurrent()) throw new InvalidOperationException($"npm ci failed in interop/{name}/." + Environment.NewLine + result);
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool IsCurrent()
    {
        var installed = new FileInfo(Path.Combine(Folder, "node_modules", ".package-lock.json"));
        var locked = new FileInfo(Path.Combine(Folder, "package-lock.json"));
        return installed.Exists && installed.LastWriteTimeUtc >= locked.LastWriteTimeUtc;
    }

    private static async Task<FileStream> AcquireAsync(string path)
    {
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
