using Rein.Policy.Values;

namespace Rein.Policy;

/// <summary>One part of a policy's scope: a constraint on the principal, the action or the resource.</summary>
public sealed class ScopeConstraint
{
    internal ScopeConstraint(ScopeKind kind, string? entityType, IReadOnlyList<EntityUid> entities)
    {
        Kind = kind;
        EntityType = entityType;
        Entities = entities;
    }

    /// <summary>The unconstrained scope.</summary>
    public static ScopeConstraint Any { get; } = new(ScopeKind.Any, null, []);

    /// <summary>The kind of constraint.</summary>
    public ScopeKind Kind { get; }

    /// <summary>The entity type for <c>is</c>, otherwise null.</summary>
    public string? EntityType { get; }

    /// <summary>The entities for <c>==</c> and <c>in</c> (several only for <c>action in [...]</c>).</summary>
    public IReadOnlyList<EntityUid> Entities { get; }

    internal bool Matches(EntityUid target, EntityStore store)
    {
        switch (Kind)
        {
            case ScopeKind.Any:
                return true;
            case ScopeKind.Equal:
                return target.Equals(Entities[0]);
            case ScopeKind.Is:
                return string.Equals(target.Type, EntityType, StringComparison.Ordinal);
            case ScopeKind.IsIn:
                if (!string.Equals(target.Type, EntityType, StringComparison.Ordinal))
                {
                    return false;
                }

                goto case ScopeKind.In;
            case ScopeKind.In:
                for (var i = 0; i < Entities.Count; i++)
                {
                    if (store.IsInOrEqual(target, Entities[i]))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }
}
