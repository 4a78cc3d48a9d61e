using Rein.Policy.Values;

namespace Rein.Policy.Tests;

public sealed class EntityStoreTests
{
    private static readonly EntityStore Base = EntityStore.Create(
    [
        new Entity(new EntityUid("Group", "staff"), parents: [new EntityUid("Group", "everyone")]),
        new Entity(new EntityUid("Group", "everyone")),
        new Entity(new EntityUid("User", "alice"), [new("age", Value.FromLong(30))], [new EntityUid("Group", "staff")]),
        new Entity(new EntityUid("User", "carol"), parents: [new EntityUid("Team", "pending")]),
    ]);

    [Fact]
    public void WithEntities_NewEntity_SeesBaseHierarchy()
    {
        var layered = Base.WithEntities([new Entity(new EntityUid("Agent", "bot"), [new("risk", Value.FromString("low"))], [new EntityUid("Group", "staff")])]);

        Assert.True(layered.IsInOrEqual(new EntityUid("Agent", "bot"), new EntityUid("Group", "everyone")));
        Assert.True(layered.TryGetEntity(new EntityUid("User", "alice"), out _));
        Assert.Equal(5, layered.Count);
        Assert.False(Base.TryGetEntity(new EntityUid("Agent", "bot"), out _));
    }

    [Fact]
    public void WithEntities_ReplacedOrReferencedEntity_RebuildsTheClosure()
    {
        var replaced = Base.WithEntities([new Entity(new EntityUid("Group", "staff"))]);
        var referenced = Base.WithEntities([new Entity(new EntityUid("Team", "pending"), parents: [new EntityUid("Group", "everyone")])]);

        Assert.False(replaced.IsInOrEqual(new EntityUid("User", "alice"), new EntityUid("Group", "everyone")));
        Assert.True(referenced.IsInOrEqual(new EntityUid("User", "carol"), new EntityUid("Group", "everyone")));
    }

    [Fact]
    public void Authorizer_LayeredStore_DecidesLikeAFullStore()
    {
        var policies = PolicySet.Parse("""permit(principal in Group::"everyone", action, resource) when { principal.risk == "low" };""");
        var layered = Base.WithEntities([new Entity(new EntityUid("Agent", "bot"), [new("risk", Value.FromString("low"))], [new EntityUid("Group", "staff")])]);
        var request = new Request(new EntityUid("Agent", "bot"), new EntityUid("Action", "call"), new EntityUid("Tool", "tickets"));

        Assert.Equal(Decision.Allow, Authorizer.IsAuthorized(request, policies, layered).Decision);
    }

    [Fact]
    public void PolicySet_Combine_KeepsOrderAndRejectsDuplicateIds()
    {
        var a = PolicySet.Parse("@id(\"a\") permit(principal, action, resource);");
        var b = PolicySet.Parse("@id(\"b\") forbid(principal, action, resource);");

        Assert.Equal(["a", "b"], PolicySet.Combine([a, b]).Policies.Select(p => p.Id));
        Assert.Throws<ArgumentException>(() => PolicySet.Combine([a, a]));
    }
}
