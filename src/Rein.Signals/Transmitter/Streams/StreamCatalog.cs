using System.Collections.Concurrent;

namespace Rein.Signals.Transmitter.Streams;

/// <summary>
/// Every stream, in memory, as the store holds it: event fan-out, push workers and the management API read here
/// and write through <see cref="StreamStore"/> first. One transmitter instance owns a store's streams.
/// </summary>
internal sealed class StreamCatalog
{
    private readonly ConcurrentDictionary<string, StreamState> _streams = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StreamNotifier> _notifiers = new(StringComparer.Ordinal);

    /// <summary>Raised after a stream was added, changed or removed (null state: removed).</summary>
    public event Action<string, StreamState?>? Changed;

    public IEnumerable<StreamState> All => _streams.Values;

    public StreamState? Get(string streamId) => _streams.GetValueOrDefault(streamId);

    public IReadOnlyList<StreamState> ForReceiver(string receiverId) =>
        _streams.Values.Where(s => s.ReceiverId == receiverId).OrderBy(s => s.CreatedAt).ThenBy(s => s.StreamId, StringComparer.Ordinal).ToList();

    public StreamNotifier Notifier(string streamId) => _notifiers.GetOrAdd(streamId, static _ => new StreamNotifier());

    public void Put(StreamState state)
    {
        _streams[state.StreamId] = state;
        Changed?.Invoke(state.StreamId, state);
        Notifier(state.StreamId).Notify();
    }

    public void Remove(string streamId)
    {
        _streams.TryRemove(streamId, out _);
        Changed?.Invoke(streamId, null);
        if (_notifiers.TryRemove(streamId, out var notifier)) notifier.Notify();
    }

    /// <summary>New SETs are in the outbox for <paramref name="streamId"/>.</summary>
    public void Notify(string streamId) => Notifier(streamId).Notify();
}
