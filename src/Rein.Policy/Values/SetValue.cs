using System.Collections;

namespace Rein.Policy.Values;

/// <summary>An immutable set of distinct values; small sets are scanned, larger ones hashed.</summary>
internal sealed class SetValue : IReadOnlyList<Value>, IEquatable<SetValue>
{
    private const int HashThreshold = 8;

    public static readonly SetValue Empty = new([], null);

    private readonly Value[] _items;
    private readonly HashSet<Value>? _lookup;
    private int _hash;

    private SetValue(Value[] items, HashSet<Value>? lookup)
    {
        _items = items;
        _lookup = lookup;
    }

    public static SetValue Create(ReadOnlySpan<Value> values)
    {
        if (values.Length == 0)
        {
            return Empty;
        }

        if (values.Length <= HashThreshold)
        {
            var distinct = new Value[values.Length];
            var n = 0;
            foreach (var v in values)
            {
                if (Array.IndexOf(distinct, v, 0, n) < 0)
                {
                    distinct[n++] = v;
                }
            }

            if (n != distinct.Length)
            {
                Array.Resize(ref distinct, n);
            }

            return new SetValue(distinct, null);
        }

        var set = new HashSet<Value>(values.Length);
        var list = new List<Value>(values.Length);
        foreach (var v in values)
        {
            if (set.Add(v))
            {
                list.Add(v);
            }
        }

        return new SetValue([.. list], list.Count > HashThreshold ? set : null);
    }

    public int Count => _items.Length;

    public Value this[int index] => _items[index];

    public ReadOnlySpan<Value> Items => _items;

    public bool Contains(in Value value)
    {
        if (_lookup is not null)
        {
            return _lookup.Contains(value);
        }

        foreach (var item in _items)
        {
            if (item.Equals(value))
            {
                return true;
            }
        }

        return false;
    }

    public bool ContainsAll(SetValue other)
    {
        if (other._items.Length > _items.Length && _lookup is null && other._lookup is null)
        {
            // Still correct: duplicates are removed, so a larger set cannot be a subset.
            return false;
        }

        foreach (var item in other._items)
        {
            if (!Contains(item))
            {
                return false;
            }
        }

        return true;
    }

    public bool ContainsAny(SetValue other)
    {
        var (small, large) = _items.Length <= other._items.Length ? (this, other) : (other, this);
        foreach (var item in small._items)
        {
            if (large.Contains(item))
            {
                return true;
            }
        }

        return false;
    }

    public bool Equals(SetValue? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return _items.Length == other._items.Length && GetHashCode() == other.GetHashCode() && other.ContainsAll(this);
    }

    public override bool Equals(object? obj) => Equals(obj as SetValue);

    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var h = 0x5E7;
            foreach (var item in _items)
            {
                h += item.GetHashCode() * 31;
            }

            _hash = h == 0 ? 1 : h;
        }

        return _hash;
    }

    public IEnumerator<Value> GetEnumerator() => ((IEnumerable<Value>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
