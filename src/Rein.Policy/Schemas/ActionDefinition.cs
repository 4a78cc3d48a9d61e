using Rein.Policy.Values;

namespace Rein.Policy.Schemas;

internal sealed class ActionDefinition(EntityUid uid)
{
    public EntityUid Uid { get; } = uid;

    public List<EntityUid> Parents { get; } = [];

    public List<string> PrincipalTypes { get; } = [];

    public List<string> ResourceTypes { get; } = [];

    public SchemaType? Context { get; set; }
}
