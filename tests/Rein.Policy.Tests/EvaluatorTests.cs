namespace Rein.Policy.Tests;

public sealed class EvaluatorTests
{
    [Theory]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("--5", "5")]
    [InlineData("-(5)", "-5")]
    [InlineData("10 - 20", "-10")]
    [InlineData("3 < 4", "true")]
    [InlineData("4 <= 4", "true")]
    [InlineData("5 > 6", "false")]
    [InlineData("5 >= 5", "true")]
    [InlineData("1 != 2", "true")]
    [InlineData("\"a\" == \"a\"", "true")]
    [InlineData("1 == \"1\"", "false")]
    [InlineData("[1, 1, 2] == [2, 1]", "true")]
    [InlineData("{a: 1, b: [true]} == {b: [true], a: 1}", "true")]
    [InlineData("{a: 1}.a", "1")]
    [InlineData("{\"a b\": 1}[\"a b\"]", "1")]
    [InlineData("if 1 < 2 then \"yes\" else \"no\"", "\"yes\"")]
    [InlineData("!false", "true")]
    [InlineData("[1, 2, 3].contains(2)", "true")]
    [InlineData("[1, 2, 3].containsAll([3, 1])", "true")]
    [InlineData("[1, 2, 3].containsAny([4, 5])", "false")]
    [InlineData("[].isEmpty()", "true")]
    [InlineData("[[1]].contains([1])", "true")]
    [InlineData("principal.age", "30")]
    [InlineData("principal.manager.age", "50")]
    [InlineData("principal has name", "true")]
    [InlineData("principal has \"nickname\"", "false")]
    [InlineData("User::\"ghost\" has name", "false")]
    [InlineData("context has nested.x.y", "true")]
    [InlineData("context has nested.x.z", "false")]
    [InlineData("context has nested.q.z", "false")]
    [InlineData("principal in Group::\"everyone\"", "true")]
    [InlineData("principal in [Group::\"other\", Group::\"staff\"]", "true")]
    [InlineData("principal in principal", "true")]
    [InlineData("User::\"ghost\" in Group::\"staff\"", "false")]
    [InlineData("principal is User", "true")]
    [InlineData("principal is User in Group::\"staff\"", "true")]
    [InlineData("resource is User", "false")]
    [InlineData("principal.hasTag(\"team\")", "true")]
    [InlineData("principal.getTag(\"team\")", "\"blue\"")]
    [InlineData("User::\"ghost\".hasTag(\"team\")", "false")]
    [InlineData("resource.owner == principal", "true")]
    [InlineData("Ns::Inner::Type::\"x\" is Ns::Inner::Type", "true")]
    public void Evaluate_Expression_MatchesCedar(string expression, string expected) =>
        Assert.Equal(expected, ExpressionHarness.Evaluate(expression));

    [Theory]
    [InlineData("\"abc\" like \"a*\"", true)]
    [InlineData("\"abc\" like \"*c\"", true)]
    [InlineData("\"abc\" like \"a*b*c\"", true)]
    [InlineData("\"abc\" like \"*\"", true)]
    [InlineData("\"\" like \"*\"", true)]
    [InlineData("\"abc\" like \"ab\"", false)]
    [InlineData("\"a*c\" like \"a\\*c\"", true)]
    [InlineData("\"abc\" like \"a\\*c\"", false)]
    [InlineData("\"aXbXc\" like \"*X*X*\"", true)]
    [InlineData("\"aaa\" like \"a*aa\"", true)]
    [InlineData("\"ab\" like \"a*ab\"", false)]
    [InlineData("\"a\" like \"a*a\"", false)]
    [InlineData("\"aa\" like \"a*a\"", true)]
    [InlineData("\"abcbc\" like \"a*bc\"", true)]
    [InlineData("\"abxbc\" like \"*b*bc\"", true)]
    [InlineData("\"abc\" like \"abc\"", true)]
    [InlineData("\"abc\" like \"\"", false)]
    [InlineData("\"\" like \"\"", true)]
    [InlineData("\"a**b\" like \"a**b\"", true)]
    [InlineData("\"xay\" like \"*\\u{61}*\"", true)]
    // Only the escape \* is a literal star: a star written as \u{2a} or \x2a is a wildcard, as in Cedar (which
    // unescapes the pattern first). Found by differential testing against cedar-wasm 4.13.
    [InlineData("\"a\" like \"\\u{2a}\"", true)]
    [InlineData("\"abc\" like \"a\\u{2A}\"", true)]
    [InlineData("\"ab\" like \"\\x2a\\x2ab\"", true)]
    [InlineData("\"a*\" like \"a\\u{2a}\"", true)]
    [InlineData("\"ab\" like \"a\\*\"", false)]
    public void Evaluate_Like_MatchesWildcards(string expression, bool expected) =>
        Assert.Equal(expected ? "true" : "false", ExpressionHarness.Evaluate(expression));

    [Fact]
    public void Evaluate_LikeOnHostileInput_StaysLinear()
    {
        var text = new string('a', 200_000);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal("false", ExpressionHarness.Evaluate($"\"{text}\" like \"*a*a*a*a*a*a*a*a*b\""));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "like backtracked");
    }

    [Theory]
    [InlineData("9223372036854775807 + 1")]
    [InlineData("-9223372036854775808 - 1")]
    [InlineData("9223372036854775807 * 2")]
    [InlineData("-9223372036854775808 * -1")]
    [InlineData("-(-9223372036854775808)")]
    [InlineData("--9223372036854775808")]
    public void Evaluate_IntegerOverflow_IsError(string expression) =>
        Assert.Null(ExpressionHarness.Evaluate(expression));

    [Theory]
    [InlineData("1 && true")]
    [InlineData("true && 1")]
    [InlineData("false || 1")]
    [InlineData("!1")]
    [InlineData("-true")]
    [InlineData("1 < \"a\"")]
    [InlineData("\"a\" < \"b\"")]
    [InlineData("1 + \"a\"")]
    [InlineData("if 1 then 2 else 3")]
    [InlineData("1 in [User::\"a\"]")]
    [InlineData("principal in [Group::\"staff\", 1]")]
    [InlineData("principal in 1")]
    [InlineData("[1].containsAll(1)")]
    [InlineData("1.contains(1)")]
    [InlineData("\"a\".isEmpty()")]
    [InlineData("1 like \"*\"")]
    [InlineData("1 is User")]
    [InlineData("1 has a")]
    [InlineData("{a: 1}.b")]
    [InlineData("principal.missing")]
    [InlineData("User::\"ghost\".name")]
    [InlineData("principal.getTag(\"none\")")]
    [InlineData("User::\"ghost\".getTag(\"team\")")]
    [InlineData("principal.getTag(1)")]
    [InlineData("decimal(\"1.0\") < decimal(\"2.0\")")]
    [InlineData("ip(\"1.2.3.4\") < ip(\"1.2.3.5\")")]
    [InlineData("duration(\"1s\") < datetime(\"2024-01-01\")")]
    [InlineData("[1 + \"a\"].isEmpty()")]
    [InlineData("{a: principal.missing}.a")]
    public void Evaluate_TypeOrLookupMistake_IsError(string expression) =>
        Assert.Null(ExpressionHarness.Evaluate(expression));

    [Theory]
    [InlineData("false && (1 + \"a\" == 2)", "false")]
    [InlineData("true || principal.nope", "true")]
    [InlineData("if false then 1 + \"x\" else 3", "3")]
    [InlineData("if true then 4 else principal.nope", "4")]
    [InlineData("false && 1", "false")]
    [InlineData("true || 1", "true")]
    public void Evaluate_ShortCircuit_SkipsTheOtherOperand(string expression, string expected) =>
        Assert.Equal(expected, ExpressionHarness.Evaluate(expression));
}
