using System.Text.Json;
using Rein.Policy.Schemas;
using Rein.Policy.Values;

namespace Rein.Policy.Json;

/// <summary>Reads Cedar's entity JSON: an array of <c>{"uid", "attrs", "parents"}</c> objects, each with optional <c>"tags"</c>.</summary>
internal static class EntityJsonReader
{
    public static List<Entity> Read(string json, Schema? schema)
    {
        using var doc = CedarJson.ParseDocument(json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw CedarJson.Error("entity JSON must be an array of entities");
        }

        var entities = new List<Entity>(root.GetArrayLength());
        foreach (var e in root.EnumerateArray())
        {
            entities.Add(ReadEntity(e, schema));
        }

        return entities;
    }

    private static Entity ReadEntity(JsonElement e, Schema? schema)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("uid", out var uidElement))
        {
            throw CedarJson.Error("each entity needs a \"uid\"");
        }

        var uid = CedarJson.ReadUid(uidElement);
        EntityTypeDefinition? definition = null;
        schema?.TryGetEntityType(uid.Type, out definition);

        // Note: as in Cedar, "attrs" and "parents" are required (an empty object, an empty array) and "tags" is
        // optional but never null.
        if (!e.TryGetProperty("attrs", out var attrs) || attrs.ValueKind != JsonValueKind.Object)
        {
            throw CedarJson.Error($"entity {uid} needs \"attrs\", an object");
        }

        var attributes = CedarJson.ReadRecord(attrs, definition?.Shape).RecordRef;

        var tags = RecordValue.Empty;
        if (e.TryGetProperty("tags", out var tagsElement))
        {
            if (tagsElement.ValueKind != JsonValueKind.Object)
            {
                throw CedarJson.Error("\"tags\" must be an object");
            }

            var map = new Dictionary<string, Value>(StringComparer.Ordinal);
            foreach (var p in tagsElement.EnumerateObject())
            {
                map[p.Name] = CedarJson.ReadValue(p.Value, definition?.Tags);
            }

            tags = map.Count == 0 ? RecordValue.Empty : new RecordValue(map);
        }

        if (!e.TryGetProperty("parents", out var parentsElement) || parentsElement.ValueKind != JsonValueKind.Array)
        {
            throw CedarJson.Error($"entity {uid} needs \"parents\", an array");
        }

        var parents = new List<EntityUid>();
        foreach (var p in parentsElement.EnumerateArray())
        {
            var parent = CedarJson.ReadUid(p);
            // Note: as in Cedar, an action's parents are actions (groups of actions), never other entities.
            if (IsActionType(uid.Type) && !IsActionType(parent.Type))
            {
                throw CedarJson.Error($"action {uid} has a parent {parent} that is not an action");
            }

            parents.Add(parent);
        }

        return new Entity(uid, attributes, parents, tags);
    }

    private static bool IsActionType(string type) => type == "Action" || type.EndsWith("::Action", StringComparison.Ordinal);
}
