using Rein.Policy.Values;

namespace Rein.Policy;

/// <summary>An entity: its identifier, attributes, parents (direct ancestors) and tags.</summary>
public sealed class Entity
{
    /// <summary>Creates an entity.</summary>
    public Entity(
        EntityUid uid,
        IEnumerable<KeyValuePair<string, Value>>? attributes = null,
        IEnumerable<EntityUid>? parents = null,
        IEnumerable<KeyValuePair<string, Value>>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(uid);
        Uid = uid;
        AttributeRecord = ToRecord(attributes);
        TagRecord = ToRecord(tags);
        Parents = parents is null ? [] : [.. new HashSet<EntityUid>(parents)];
    }

    /// <summary>The entity's identifier.</summary>
    public EntityUid Uid { get; }

    /// <summary>The entity's attributes.</summary>
    public IReadOnlyDictionary<string, Value> Attributes => AttributeRecord;

    /// <summary>The entity's tags.</summary>
    public IReadOnlyDictionary<string, Value> Tags => TagRecord;

    /// <summary>The entity's direct parents.</summary>
    public IReadOnlyList<EntityUid> Parents { get; }

    internal RecordValue AttributeRecord { get; }

    internal RecordValue TagRecord { get; }

    private static RecordValue ToRecord(IEnumerable<KeyValuePair<string, Value>>? pairs)
    {
        if (pairs is null)
        {
            return RecordValue.Empty;
        }

        if (pairs is RecordValue record)
        {
            return record;
        }

        var map = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            map[key] = value;
        }

        return map.Count == 0 ? RecordValue.Empty : new RecordValue(map);
    }
}
