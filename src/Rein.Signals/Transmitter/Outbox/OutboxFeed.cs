using System.Collections.Concurrent;
using Rein.Core.Storage;

namespace Rein.Signals.Transmitter.Outbox;

/// <summary>
/// Hands the SETs this instance commits to the push worker of their stream straight from memory, so a worker that is
/// caught up does not read back rows it could have been given. Only a worker that holds its stream's lease opens its
/// feed; the rows are always in the store as well, and the worker falls back to reading the store whenever the feed
/// cannot be trusted to be complete (not open when they were committed, or overflowed).
/// </summary>
internal sealed class OutboxFeed
{
    /// <summary>More than this many undelivered SETs in one stream's feed and it gives up (the worker reads the store).</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, StreamFeed> _feeds = new(StringComparer.Ordinal);

    public StreamFeed For(string streamId) => _feeds.GetOrAdd(streamId, static _ => new StreamFeed());

    /// <summary>Called by the outbox writer after the commit, in commit (and id) order.</summary>
    public void Committed(SsfOutboxEntity row)
    {
        if (_feeds.TryGetValue(row.StreamId, out var feed)) feed.Add(row);
    }

    public void Remove(string streamId) => _feeds.TryRemove(streamId, out _);

    /// <summary>One stream's feed: the rows committed since <see cref="Open"/>, in id order.</summary>
    internal sealed class StreamFeed
    {
        private readonly Lock _gate = new();
        private readonly Queue<SsfOutboxEntity> _rows = new();
        private bool _open;
        private bool _lost;

        /// <summary>Starts collecting afresh (whatever was collected is dropped); take it before reading the store.</summary>
        public void Open()
        {
            lock (_gate)
            {
                _rows.Clear();
                _open = true;
                _lost = false;
            }
        }

        /// <summary>Stops collecting and drops what was collected.</summary>
        public void Close()
        {
            lock (_gate)
            {
                _rows.Clear();
                _open = false;
                _lost = false;
            }
        }

        public void Add(SsfOutboxEntity row)
        {
            lock (_gate)
            {
                if (!_open || _lost) return;
                if (_rows.Count >= Capacity)
                {
                    _rows.Clear();
                    _lost = true;
                    return;
                }
                _rows.Enqueue(row);
            }
        }

        /// <summary>Drops the rows a store read already returned (ids up to <paramref name="id"/>).</summary>
        public void DropThrough(long id)
        {
            lock (_gate)
            {
                while (_rows.TryPeek(out var head) && head.Id <= id) _rows.Dequeue();
            }
        }

        /// <summary>
        /// Up to <paramref name="max"/> rows in id order into <paramref name="into"/>; false when the feed overflowed
        /// or is closed (its rows can no longer be trusted to be all there are: read the store).
        /// </summary>
        public bool TryTake(List<SsfOutboxEntity> into, int max)
        {
            lock (_gate)
            {
                if (!_open || _lost) return false;
                while (into.Count < max && _rows.TryDequeue(out var row)) into.Add(row);
                return true;
            }
        }
    }
}
