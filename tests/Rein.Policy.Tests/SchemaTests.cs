using Rein.Policy.Schemas;
using Rein.Policy.Values;

namespace Rein.Policy.Tests;

public sealed class SchemaTests
{
    [Fact]
    public void Parse_Schema_ReadsEntitiesActionsAndAnnotations()
    {
        var schema = Schema.Parse("""
            // comment
            @doc("users")
            entity User, Bot in [Team] { "display name": String, @sensitive age?: __cedar::Long };
            entity Team;
            entity Color enum ["red", "green"];
            action "view doc", edit in ["view doc"] appliesTo { principal: [User, Bot], resource: Team, context: {} };
            namespace Acme::Ops { entity Tool; action run in [Acme::Ops::Action::"all", "all"]; action all; }
            """);

        Assert.Equal(["User", "Bot", "Team", "Color", "Acme::Ops::Tool"], schema.EntityTypes);
        Assert.Contains(new EntityUid("Action", "view doc"), schema.Actions);
        Assert.Contains(new EntityUid("Acme::Ops::Action", "run"), schema.Actions);
    }

    [Fact]
    public void Parse_DeeplyNestedType_IsRejectedNotAStackOverflow()
    {
        var text = "entity E { a: " + string.Concat(Enumerable.Repeat("Set<", 50_000)) + "Long" + new string('>', 50_000) + " };";

        var e = Assert.Throws<PolicyParseException>(() => Schema.Parse(text));
        Assert.Contains("nested", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EntityStore_WithSchema_AddsDeclaredActionHierarchy()
    {
        var schema = Schema.Parse("action read in [all]; action all;");
        var store = EntityStore.FromJson("[]", schema);

        Assert.True(store.IsInOrEqual(new EntityUid("Action", "read"), new EntityUid("Action", "all")));
    }

    [Theory]
    [InlineData("entity User")]
    [InlineData("entity User = { a: Long, a: String };")]
    [InlineData("entity User { a: Set<Long };")]
    [InlineData("action read appliesTo { owner: User };")]
    [InlineData("namespace A { entity B; ")]
    [InlineData("type A = B; type B = A; entity E { a: A };")]
    public void Parse_InvalidSchema_IsRejected(string text) =>
        Assert.Throws<PolicyParseException>(() => Schema.Parse(text));
}
