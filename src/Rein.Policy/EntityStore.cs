using System.Diagnostics.CodeAnalysis;
using Rein.Policy.Json;
using Rein.Policy.Schemas;
using Rein.Policy.Values;

namespace Rein.Policy;

/// <summary>
/// An immutable set of entities with the transitive ancestor closure computed once, so <c>in</c> is a hash lookup.
/// </summary>
public sealed class EntityStore
{
    private static readonly HashSet<EntityUid> NoAncestors = [];

    private readonly Dictionary<EntityUid, Entity> _entities;
    private readonly Dictionary<EntityUid, HashSet<EntityUid>> _ancestors;
    private readonly EntityStore? _base;
    private HashSet<EntityUid>? _referencedAncestors;

    private EntityStore(Dictionary<EntityUid, Entity> entities, EntityStore? baseStore = null)
    {
        _entities = entities;
        _base = baseStore;
        _ancestors = new Dictionary<EntityUid, HashSet<EntityUid>>(entities.Count);
        var stack = new Stack<EntityUid>();
        foreach (var (uid, entity) in entities)
        {
            if (entity.Parents.Count == 0)
            {
                _ancestors[uid] = NoAncestors;
                continue;
            }

            var set = new HashSet<EntityUid>();
            foreach (var p in entity.Parents)
            {
                stack.Push(p);
            }

            while (stack.Count > 0)
            {
                var next = stack.Pop();
                if (!set.Add(next))
                {
                    continue;
                }

                if (entities.TryGetValue(next, out var parentEntity))
                {
                    foreach (var p in parentEntity.Parents)
                    {
                        stack.Push(p);
                    }
                }
                else if (baseStore is not null)
                {
                    // Note: a base entity's closure is already complete; layering never changes it (see WithEntities).
                    set.UnionWith(baseStore.AncestorSet(next));
                }
            }

            _ancestors[uid] = set;
        }
    }

    /// <summary>An empty store.</summary>
    public static EntityStore Empty { get; } = new(new Dictionary<EntityUid, Entity>());

    /// <summary>The number of entities.</summary>
    public int Count => _entities.Count + (_base?.Count ?? 0);

    /// <summary>All entities.</summary>
    public IEnumerable<Entity> Entities => _base is null ? _entities.Values : _entities.Values.Concat(_base.Entities);

    /// <summary>
    /// A store with more entities, for example the caller built from a token on each request. When the new entities
    /// are new identifiers that no existing entity names as an ancestor, the result shares this store and its closure
    /// (cheap); otherwise it is rebuilt whole, with the given entities replacing existing ones with the same identifier.
    /// </summary>
    public EntityStore WithEntities(IEnumerable<Entity> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var added = new Dictionary<EntityUid, Entity>();
        foreach (var e in entities)
        {
            added[e.Uid] = e;
        }

        if (added.Count == 0)
        {
            return this;
        }

        var referenced = ReferencedAncestors();
        foreach (var uid in added.Keys)
        {
            if (TryGetEntity(uid, out _) || referenced.Contains(uid))
            {
                var all = new Dictionary<EntityUid, Entity>(Count + added.Count);
                foreach (var e in Entities)
                {
                    all.TryAdd(e.Uid, e);
                }

                foreach (var (key, e) in added)
                {
                    all[key] = e;
                }

                return new EntityStore(all);
            }
        }

        return new EntityStore(added, this);
    }

    private HashSet<EntityUid> ReferencedAncestors()
    {
        if (Volatile.Read(ref _referencedAncestors) is { } cached)
        {
            return cached;
        }

        var set = new HashSet<EntityUid>();
        foreach (var ancestors in _ancestors.Values)
        {
            set.UnionWith(ancestors);
        }

        if (_base is not null)
        {
            set.UnionWith(_base.ReferencedAncestors());
        }

        Volatile.Write(ref _referencedAncestors, set);
        return set;
    }

    /// <summary>Creates a store; a later entity with the same identifier replaces an earlier one.</summary>
    public static EntityStore Create(IEnumerable<Entity> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var map = new Dictionary<EntityUid, Entity>();
        foreach (var e in entities)
        {
            map[e.Uid] = e;
        }

        return new EntityStore(map);
    }

    /// <summary>
    /// Reads entities in Cedar's JSON format (an array of <c>{"uid", "attrs", "parents", "tags"}</c>). With a schema,
    /// attribute and tag values are read with their declared types (a string becomes an <c>ipaddr</c> where the schema
    /// says so), and actions the schema declares but the JSON omits are added with their schema parents.
    /// </summary>
    /// <remarks>
    /// As Cedar does, this rejects an entity listed twice with different contents (an identical repeat is harmless)
    /// and a hierarchy with a cycle (an entity that is its own ancestor). <see cref="Create"/> is more forgiving: a later entity replaces an earlier one, and cycles are allowed.
    /// </remarks>
    /// <exception cref="PolicyParseException">The JSON is not valid entity JSON.</exception>
    public static EntityStore FromJson(string json, Schema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var entities = EntityJsonReader.Read(json, schema);
        var present = new Dictionary<EntityUid, Entity>(entities.Count);
        foreach (var e in entities)
        {
            if (!present.TryAdd(e.Uid, e) && !SameContents(present[e.Uid], e))
            {
                throw new PolicyParseException($"duplicate entity {e.Uid} with different contents");
            }
        }

        if (schema is not null)
        {
            foreach (var action in schema.ActionEntities())
            {
                if (!present.ContainsKey(action.Uid))
                {
                    entities.Add(action);
                }
            }
        }

        var store = Create(entities);
        foreach (var e in entities)
        {
            if (store.AncestorSet(e.Uid).Contains(e.Uid))
            {
                throw new PolicyParseException($"the entity hierarchy has a cycle through {e.Uid}");
            }
        }

        return store;
    }

    private static bool SameContents(Entity a, Entity b) =>
        a.AttributeRecord.Equals(b.AttributeRecord) && a.TagRecord.Equals(b.TagRecord) && a.Parents.ToHashSet().SetEquals(b.Parents);

    /// <summary>Looks up an entity.</summary>
    public bool TryGetEntity(EntityUid uid, [MaybeNullWhen(false)] out Entity entity) =>
        _entities.TryGetValue(uid, out entity) || (_base is not null && _base.TryGetEntity(uid, out entity));

    /// <summary>All transitive ancestors of an entity (empty when it is unknown).</summary>
    public IReadOnlySet<EntityUid> AncestorsOf(EntityUid uid) => AncestorSet(uid);

    internal HashSet<EntityUid> AncestorSet(EntityUid uid) =>
        _ancestors.TryGetValue(uid, out var set) ? set : _base is not null ? _base.AncestorSet(uid) : NoAncestors;

    /// <summary>Cedar's <c>child in ancestor</c>: equal, or a transitive ancestor.</summary>
    public bool IsInOrEqual(EntityUid child, EntityUid ancestor) =>
        child.Equals(ancestor) || AncestorSet(child).Contains(ancestor);
}
