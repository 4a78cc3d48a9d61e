using Microsoft.Extensions.Hosting;

namespace Rein.Core.Policies;

/// <summary>
/// Loads the policy directory at start (a broken set stops start-up: there is nothing to fall back to), then
/// reloads it atomically whenever a <c>.cedar</c> file changes, after a short quiet period so an editor's several
/// writes become one reload.
/// </summary>
internal sealed class PolicyWatcher(PolicyEngine engine) : IHostedService, IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(250);
    private FileSystemWatcher? _watcher;
    private Timer? _debounce;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!engine.Enabled) return Task.CompletedTask;
        var first = engine.Reload();
        if (!first.Succeeded)
        {
            throw new InvalidOperationException("The policies cannot be loaded:" + Environment.NewLine +
                string.Join(Environment.NewLine, first.Errors.Select(e => "  " + e)));
        }
        _debounce = new Timer(_ => engine.Reload());
        _watcher = new FileSystemWatcher(engine.Directory!, "*.cedar") { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        _watcher.Changed += Changed;
        _watcher.Created += Changed;
        _watcher.Deleted += Changed;
        _watcher.Renamed += Changed;
        _watcher.EnableRaisingEvents = true;
        return Task.CompletedTask;
    }

    private void Changed(object sender, FileSystemEventArgs e) => _debounce?.Change(Quiet, Timeout.InfiniteTimeSpan);

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_watcher is not null) _watcher.EnableRaisingEvents = false;
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
    }
}
