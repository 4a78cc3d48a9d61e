using Rein.Policy.Evaluation;
using Rein.Policy.Parsing;
using Rein.Policy.Values;

namespace Rein.Policy.Tests;

/// <summary>Evaluates one expression against a small fixed request and entity store.</summary>
internal static class ExpressionHarness
{
    public const string EntitiesJson = """
        [
          { "uid": { "type": "User", "id": "alice" },
            "attrs": { "age": 30, "name": "Alice", "manager": { "__entity": { "type": "User", "id": "bob" } }, "tags": ["a", "b"] },
            "parents": [ { "type": "Group", "id": "staff" } ],
            "tags": { "team": "blue" } },
          { "uid": { "type": "User", "id": "bob" }, "attrs": { "age": 50 }, "parents": [] },
          { "uid": { "type": "Group", "id": "staff" }, "attrs": {}, "parents": [ { "type": "Group", "id": "everyone" } ] },
          { "uid": { "type": "Group", "id": "everyone" }, "attrs": {}, "parents": [] },
          { "uid": { "type": "Action", "id": "read" }, "attrs": {}, "parents": [ { "type": "Action", "id": "readers" } ] },
          { "uid": { "type": "Doc", "id": "d1" }, "attrs": { "owner": { "__entity": { "type": "User", "id": "alice" } } }, "parents": [] }
        ]
        """;

    public static readonly EntityStore Entities = EntityStore.FromJson(EntitiesJson);

    public static readonly Request Request = new(
        new EntityUid("User", "alice"),
        new EntityUid("Action", "read"),
        new EntityUid("Doc", "d1"),
        Request.ContextFromJson("""{ "ip": { "__extn": { "fn": "ip", "arg": "10.1.2.3" } }, "n": 3, "nested": { "x": { "y": 1 } } }"""));

    /// <summary>The value in Cedar syntax, or null when evaluation is an error.</summary>
    public static string? Evaluate(string expression)
    {
        var expr = PolicyParser.ParseExpression(expression);
        var context = new EvaluationContext(Request, Entities);
        return expr.TryEvaluate(context, out var value) ? value.ToString() : null;
    }

    public static Value EvaluateValue(string expression)
    {
        var expr = PolicyParser.ParseExpression(expression);
        Assert.True(expr.TryEvaluate(new EvaluationContext(Request, Entities), out var value), expression + " failed");
        return value;
    }
}
