using System.Diagnostics.CodeAnalysis;
using Rein.Policy.Values;

namespace Rein.Policy.Schemas;

/// <summary>
/// A Cedar schema read from the human-readable format: entity types (parents, attributes, tags), actions
/// (parents, <c>appliesTo</c>, context) and common types. Used to read entity and context JSON with types.
/// </summary>
public sealed class Schema
{
    private readonly Dictionary<string, EntityTypeDefinition> _entityTypes;
    private readonly Dictionary<EntityUid, ActionDefinition> _actions;

    internal Schema(Dictionary<string, EntityTypeDefinition> entityTypes, Dictionary<EntityUid, ActionDefinition> actions)
    {
        _entityTypes = entityTypes;
        _actions = actions;
    }

    /// <summary>The declared entity type names (namespaced).</summary>
    public IEnumerable<string> EntityTypes => _entityTypes.Keys;

    /// <summary>The declared actions.</summary>
    public IEnumerable<EntityUid> Actions => _actions.Keys;

    /// <summary>Parses a <c>.cedarschema</c> document.</summary>
    /// <exception cref="PolicyParseException">The text is not a valid schema; the message names the line and column.</exception>
    public static Schema Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SchemaParser.Parse(text);
    }

    internal bool TryGetEntityType(string name, [MaybeNullWhen(false)] out EntityTypeDefinition definition) =>
        _entityTypes.TryGetValue(name, out definition);

    internal bool TryGetAction(EntityUid uid, [MaybeNullWhen(false)] out ActionDefinition definition) =>
        _actions.TryGetValue(uid, out definition);

    /// <summary>The context type of an action, if the schema declares it.</summary>
    internal SchemaType? ContextType(EntityUid action) =>
        _actions.TryGetValue(action, out var def) ? def.Context : null;

    /// <summary>The action entities the schema declares, with their parents.</summary>
    internal IEnumerable<Entity> ActionEntities()
    {
        foreach (var def in _actions.Values)
        {
            yield return new Entity(def.Uid, parents: def.Parents);
        }
    }
}
