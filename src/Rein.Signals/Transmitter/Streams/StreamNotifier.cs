namespace Rein.Signals.Transmitter.Streams;

/// <summary>
/// Wakes everyone waiting on one stream (its push worker, long polls) when SETs arrive or its status changes. Take
/// <see cref="Next"/> before looking for work, then await it: a notification in between is never missed.
/// </summary>
internal sealed class StreamNotifier
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
