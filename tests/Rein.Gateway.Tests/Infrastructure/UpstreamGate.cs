namespace Rein.Gateway.Tests.Infrastructure;

/// <summary>Holds one upstream request open until the test releases it: how a test keeps a call in flight.</summary>
internal sealed class UpstreamGate
{
    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the blocked request has reached the upstream.</summary>
    public Task Arrived => _arrived.Task;

    public void Release() => _released.TrySetResult();

    internal Task WaitAsync()
    {
        _arrived.TrySetResult();
        return _released.Task;
    }
}
