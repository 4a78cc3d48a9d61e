using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Rein.Policy.Values;

/// <summary>An immutable record: attribute names (ordinal) to values.</summary>
internal sealed class RecordValue : IReadOnlyDictionary<string, Value>, IEquatable<RecordValue>
{
    public static readonly RecordValue Empty = new(new Dictionary<string, Value>(StringComparer.Ordinal));

    private readonly Dictionary<string, Value> _map;
    private int _hash;

    public RecordValue(Dictionary<string, Value> map)
    {
        _map = map;
    }

    public int Count => _map.Count;

    public Value this[string key] => _map[key];

    public IEnumerable<string> Keys => _map.Keys;

    public IEnumerable<Value> Values => _map.Values;

    public bool ContainsKey(string key) => _map.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Value value) => _map.TryGetValue(key, out value);

    public bool Equals(RecordValue? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (_map.Count != other._map.Count || GetHashCode() != other.GetHashCode())
        {
            return false;
        }

        foreach (var (key, value) in _map)
        {
            if (!other._map.TryGetValue(key, out var v) || !v.Equals(value))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as RecordValue);

    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var h = 0x2EC;
            foreach (var (key, value) in _map)
            {
                h += HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), value);
            }

            _hash = h == 0 ? 1 : h;
        }

        return _hash;
    }

    public IEnumerator<KeyValuePair<string, Value>> GetEnumerator() => _map.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
