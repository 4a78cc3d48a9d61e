using Rein.Policy.Schemas;
using Rein.Policy.Values;

namespace Rein.Policy.Tests;

public sealed class EntityJsonTests
{
    [Fact]
    public void FromJson_LargeIntegers_KeepEveryDigit()
    {
        var store = EntityStore.FromJson("""
            [{ "uid": { "type": "T", "id": "x" }, "attrs": { "big": 9007199254740993, "min": -9223372036854775808 }, "parents": [] }]
            """);

        Assert.True(store.TryGetEntity(new EntityUid("T", "x"), out var e));
        Assert.Equal(9007199254740993L, e.Attributes["big"].AsLong());
        Assert.Equal(long.MinValue, e.Attributes["min"].AsLong());
    }

    [Theory]
    [InlineData("""[{ "uid": { "type": "T", "id": "x" }, "attrs": { "f": 1.5 }, "parents": [] }]""")]
    [InlineData("""[{ "uid": { "type": "T", "id": "x" }, "attrs": { "f": 9223372036854775808 }, "parents": [] }]""")]
    [InlineData("""[{ "uid": { "type": "T", "id": "x" }, "attrs": { "f": null }, "parents": [] }]""")]
    [InlineData("""[{ "uid": { "type": "T" } }]""")]
    [InlineData("""[{ "uid": { "type": "T", "id": "x" }, "attrs": { "f": { "__extn": { "fn": "ip", "arg": "nope" } } }, "parents": [] }]""")]
    [InlineData("""{ "uid": { "type": "T", "id": "x" } }""")]
    [InlineData("""[{ "uid": { "type": "T", "id": "x" }, "attrs": { "a": 1, "a": 2 }, "parents": [] }]""")]
    [InlineData("[")]
    public void FromJson_InvalidEntities_AreRejected(string json) =>
        Assert.Throws<PolicyParseException>(() => EntityStore.FromJson(json));

    [Fact]
    public void FromJson_Escapes_ReadEntitiesAndExtensionValues()
    {
        var store = EntityStore.FromJson("""
            [{ "uid": { "__entity": { "type": "Ns::T", "id": "x" } },
               "attrs": {
                 "ref": { "__entity": { "type": "U", "id": "y" } },
                 "ip": { "__extn": { "fn": "ip", "arg": "10.0.0.0/8" } },
                 "when": { "__extn": { "fn": "offset", "args": [ { "__extn": { "fn": "datetime", "arg": "1970-01-01" } }, { "__extn": { "fn": "duration", "arg": "86400000ms" } } ] } },
                 "plain": { "type": "U", "id": "y" },
                 "set": [1, 1, 2]
               },
               "parents": [ { "type": "P", "id": "p" } ],
               "tags": { "k": "v" } }]
            """);

        Assert.True(store.TryGetEntity(new EntityUid("Ns::T", "x"), out var e));
        Assert.Equal(new EntityUid("U", "y"), e.Attributes["ref"].AsEntity());
        Assert.Equal(ValueKind.IpAddr, e.Attributes["ip"].Kind);
        Assert.Equal(Value.ParseDateTime("1970-01-02"), e.Attributes["when"]);
        Assert.Equal(ValueKind.Record, e.Attributes["plain"].Kind);
        Assert.Equal(2, e.Attributes["set"].AsSet().Count);
        Assert.Equal("v", e.Tags["k"].AsString());
        Assert.True(store.IsInOrEqual(e.Uid, new EntityUid("P", "p")));
    }

    [Fact]
    public void FromJson_WithSchema_ReadsValuesWithTheirDeclaredTypes()
    {
        var schema = Schema.Parse("""
            namespace App {
              type Limits = { max: Long, source: ipaddr };
              entity Group;
              entity User in [Group] = { manager?: User, score: decimal, limits: Limits, seen: Set<datetime> } tags duration;
              action read appliesTo { principal: User, resource: User, context: { from: ipaddr, at?: datetime } };
            }
            """);
        var store = EntityStore.FromJson("""
            [{ "uid": { "type": "App::User", "id": "a" },
               "attrs": { "manager": { "type": "App::User", "id": "b" }, "score": "0.75", "limits": { "max": 3, "source": "10.0.0.1" }, "seen": ["2024-01-01"] },
               "parents": [], "tags": { "grace": "1h" } }]
            """, schema);
        var context = Request.ContextFromJson("""{ "from": "192.168.0.1" }""", schema, new EntityUid("App::Action", "read"));

        Assert.True(store.TryGetEntity(new EntityUid("App::User", "a"), out var e));
        Assert.Equal(new EntityUid("App::User", "b"), e.Attributes["manager"].AsEntity());
        Assert.Equal(Value.ParseDecimal("0.75"), e.Attributes["score"]);
        Assert.Equal(Value.ParseIpAddr("10.0.0.1"), e.Attributes["limits"].AsRecord()["source"]);
        Assert.Equal(Value.ParseDateTime("2024-01-01"), e.Attributes["seen"].AsSet()[0]);
        Assert.Equal(Value.ParseDuration("1h"), e.Tags["grace"]);
        Assert.Equal(Value.ParseIpAddr("192.168.0.1"), context.AsRecord()["from"]);
        Assert.True(store.TryGetEntity(new EntityUid("App::Action", "read"), out _));
    }

    [Fact]
    public void FromJson_AncestorClosure_IsTransitive()
    {
        var store = EntityStore.FromJson("""
            [{ "uid": { "type": "G", "id": "a" }, "attrs": {}, "parents": [ { "type": "G", "id": "b" } ] },
             { "uid": { "type": "G", "id": "b" }, "attrs": {}, "parents": [ { "type": "G", "id": "c" } ] },
             { "uid": { "type": "G", "id": "c" }, "attrs": {}, "parents": [] }]
            """);

        Assert.Equal(2, store.AncestorsOf(new EntityUid("G", "a")).Count);
        Assert.True(store.IsInOrEqual(new EntityUid("G", "a"), new EntityUid("G", "c")));
        Assert.False(store.IsInOrEqual(new EntityUid("G", "x"), new EntityUid("G", "b")));
    }

    [Fact]
    public void Create_AncestorClosure_ToleratesCycles()
    {
        var store = EntityStore.Create([
            new Entity(new EntityUid("G", "a"), parents: [new EntityUid("G", "b")]),
            new Entity(new EntityUid("G", "b"), parents: [new EntityUid("G", "c")]),
            new Entity(new EntityUid("G", "c"), parents: [new EntityUid("G", "a")]),
        ]);

        Assert.Equal(3, store.AncestorsOf(new EntityUid("G", "a")).Count);
        Assert.True(store.IsInOrEqual(new EntityUid("G", "c"), new EntityUid("G", "b")));
    }

    /// <summary>
    /// Entity JSON that Cedar (cedar-wasm 4.13) refuses, found by differential testing: a hierarchy with a cycle,
    /// missing or null "attrs"/"parents", null "tags", an entity listed twice with different contents, a type that
    /// is not a Cedar name (reserved words and __cedar included), the retired __expr escape, an action whose parent
    /// is not an action.
    /// </summary>
    [Theory]
    [InlineData("""[{ "uid": { "type": "G", "id": "a" }, "attrs": {}, "parents": [ { "type": "G", "id": "a" } ] }]""")]
    [InlineData("""[{ "uid": { "type": "G", "id": "a" }, "attrs": {}, "parents": [ { "type": "G", "id": "b" } ] }, { "uid": { "type": "G", "id": "b" }, "attrs": {}, "parents": [ { "type": "G", "id": "a" } ] }]""")]
    [InlineData("""[{ "uid": { "type": "T", "id": "x" }, "parents": [] }]""")]
    [InlineData("""[{ "uid": { "type": "T", "id": "x" }, "attrs": {} }]""")]
    [InlineData("""[{ "uid": { "type": "T", "id": "x" }, "attrs": null, "parents": [] }]""")]
    [InlineData("""[{ "uid": { "type": "T", "id": "x" }, "attrs": {}, "parents": null }]""")]
    [InlineData("""[{ "uid": { "type": "T", "id": "x" }, "attrs": {}, "parents": [], "tags": null }]""")]
    [InlineData("""[{ "uid": { "type": "T", "id": "x" }, "attrs": { "a": 1 }, "parents": [] }, { "uid": { "type": "T", "id": "x" }, "attrs": {}, "parents": [] }]""")]
    [InlineData("""[{ "uid": { "type": "if", "id": "x" }, "attrs": {}, "parents": [] }]""")]
    [InlineData("""[{ "uid": { "type": "__cedar::T", "id": "x" }, "attrs": {}, "parents": [] }]""")]
    [InlineData("""[{ "uid": { "type": "A :: B", "id": "x" }, "attrs": {}, "parents": [] }]""")]
    [InlineData("""[{ "uid": { "type": "", "id": "x" }, "attrs": {}, "parents": [] }]""")]
    [InlineData("""[{ "uid": { "type": "T", "id": "x" }, "attrs": {}, "parents": [ { "type": "1G", "id": "g" } ] }]""")]
    [InlineData("""[{ "uid": { "type": "T", "id": "x" }, "attrs": { "r": { "__entity": { "type": "User::", "id": "g" } } }, "parents": [] }]""")]
    [InlineData("""[{ "uid": { "type": "T", "id": "x" }, "attrs": { "e": { "__expr": "1" } }, "parents": [] }]""")]
    [InlineData("""[{ "uid": { "type": "Action", "id": "read" }, "attrs": {}, "parents": [ { "type": "User", "id": "x" } ] }]""")]
    [InlineData("""[{ "uid": { "type": "Ns::Action", "id": "read" }, "attrs": {}, "parents": [ { "type": "Ns::Group", "id": "x" } ] }]""")]
    public void FromJson_EntitiesCedarRefuses_AreRejected(string json) =>
        Assert.Throws<PolicyParseException>(() => EntityStore.FromJson(json));

    [Fact]
    public void FromJson_IdenticalRepeat_IsAccepted()
    {
        var store = EntityStore.FromJson("""
            [{ "uid": { "type": "T", "id": "x" }, "attrs": { "a": 1 }, "parents": [ { "type": "G", "id": "g" } ] },
             { "uid": { "type": "T", "id": "x" }, "attrs": { "a": 1 }, "parents": [ { "type": "G", "id": "g" } ] }]
            """);

        Assert.Equal(1, store.Count);
    }

    /// <summary>As in Cedar, an object whose one key is __entity or __extn but without the escape's shape is a record.</summary>
    [Fact]
    public void FromJson_MalformedEscape_IsAPlainRecord()
    {
        var store = EntityStore.FromJson("""
            [{ "uid": { "type": "T", "id": "x" },
               "attrs": { "e": { "__entity": "User::\"x\"" }, "f": { "__extn": { "fn": "ip" } }, "g": { "__entity": { "type": "User" } } },
               "parents": [] }]
            """);

        Assert.True(store.TryGetEntity(new EntityUid("T", "x"), out var e));
        Assert.Equal("User::\"x\"", e.Attributes["e"].AsRecord()["__entity"].AsString());
        Assert.Equal(ValueKind.Record, e.Attributes["f"].Kind);
        Assert.Equal(ValueKind.Record, e.Attributes["g"].Kind);
    }

    [Theory]
    [InlineData("""{ "__entity": { "type": "User", "id": "x" } }""")]
    [InlineData("""{ "__extn": { "fn": "ip", "arg": "10.0.0.1" } }""")]
    [InlineData("""{ "__expr": "User::\"x\"" }""")]
    public void ContextFromJson_AnEscapeInsteadOfARecord_IsRejected(string json) =>
        Assert.Throws<PolicyParseException>(() => Request.ContextFromJson(json));

    [Fact]
    public void ContextFromJson_AnEscapeKeyWithoutTheEscapeShape_IsARecord() =>
        Assert.Equal("User::\"x\"", Request.ContextFromJson("""{ "__entity": "User::\"x\"" }""").AsRecord()["__entity"].AsString());
}
