namespace Rein.Core.Revocation;

/// <summary>The single-process bus: handlers run synchronously on publish, so a change is live when the call returns.</summary>
public sealed class InProcessRevocationBus : IRevocationBus
{
    private volatile Action<RevocationChange>[] _handlers = [];
    private readonly Lock _gate = new();

    public ValueTask PublishAsync(RevocationChange change, CancellationToken cancellationToken)
    {
        foreach (var handler in _handlers) handler(change);
        return ValueTask.CompletedTask;
    }

    public void Subscribe(Action<RevocationChange> handler)
    {
        lock (_gate)
        {
            _handlers = [.. _handlers, handler];
        }
    }
}
