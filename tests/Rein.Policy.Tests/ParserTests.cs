using Rein.Policy.Values;

namespace Rein.Policy.Tests;

public sealed class ParserTests
{
    [Theory]
    [InlineData("permit(principal, action, resource) when { 1 < 2 < 3 };")]
    [InlineData("permit(principal, action, resource) when { 4 / 2 == 2 };")]
    [InlineData("permit(principal, action, resource) when { 4 % 2 == 0 };")]
    [InlineData("permit(principal, action, resource) when { !!!!!true };")]
    [InlineData("permit(principal, action, resource) when { -----1 == 1 };")]
    [InlineData("permit(principal, action, resource) when { foo(1) };")]
    [InlineData("permit(principal, action, resource) when { isIpv4(ip(\"1.2.3.4\")) };")]
    [InlineData("permit(principal, action, resource) when { \"1.2.3.4\".ip() };")]
    [InlineData("permit(principal, action, resource) when { [].unknownMethod() };")]
    [InlineData("permit(principal, action, resource) when { [].contains(1, 2) };")]
    [InlineData("permit(principal, action, resource) when { [].isEmpty(1) };")]
    [InlineData("permit(principal, action, resource) when { \"\\q\" == \"\" };")]
    [InlineData("permit(principal, action, resource) when { \"\\u{D800}\" == \"\" };")]
    [InlineData("permit(principal, action, resource) when { \"\\x80\" == \"\" };")]
    [InlineData("permit(principal, action, resource) when { \"a\\*\" == \"\" };")]
    [InlineData("permit(principal, action, resource) when { 9223372036854775808 == 0 };")]
    [InlineData("permit(principal, action, resource) when { -9223372036854775809 == 0 };")]
    [InlineData("permit(principal, action, resource) when { {a: 1, a: 2} == {} };")]
    [InlineData("permit(principal, action, resource) when { principal has 1 };")]
    [InlineData("permit(principal, action, resource) when { principal like \"a\" + \"b\" };")]
    [InlineData("permit(principal, action, resource) when { };")]
    [InlineData("permit(principal, action, resource) when { principal = User::\"a\" };")]
    [InlineData("permit(principal, action, resource) when { foo };")]
    [InlineData("permit(principal, action, resource) when { (1)(2) };")]
    [InlineData("permit(principal, action == User::\"x\", resource);")]
    [InlineData("permit(principal is User == User::\"a\", action, resource);")]
    [InlineData("permit(principal in User::\"a\" is User, action, resource);")]
    [InlineData("permit(action, principal, resource);")]
    [InlineData("permit(principal, action, resource)")]
    [InlineData("allow(principal, action, resource);")]
    [InlineData("permit(?principal, action, resource);")]
    [InlineData("@id(\"a\") @id(\"b\") permit(principal, action, resource);")]
    [InlineData("permit(principal, action, resource) when { \"unterminated };")]
    [InlineData("permit(principal, action, resource) when { 1 & 2 };")]
    [InlineData("permit(principal, action, resource,,);")]
    [InlineData("permit(principal, action, resource, context);")]
    [InlineData("permit(principal, action in [,], resource);")]
    [InlineData("permit(principal, action, resource) when { [,] == [] };")]
    [InlineData("permit(principal, action, resource) when { {,} == {} };")]
    [InlineData("permit(principal, action, resource) when { [1,,] == [1] };")]
    [InlineData("permit(principal, action, resource) when { [].isEmpty(,) };")]
    public void Parse_InvalidPolicy_IsRejected(string text) =>
        Assert.Throws<PolicyParseException>(() => PolicySet.Parse(text));

    /// <summary>
    /// Trailing commas are Cedar syntax since language version 4.4 (SDK 4.5, RFC 71): in the scope, in action lists,
    /// in set and record literals and in call arguments. Found by differential testing against cedar-wasm 4.13.
    /// </summary>
    [Theory]
    [InlineData("permit(principal, action, resource,);")]
    [InlineData("permit(principal, action in [Action::\"read\",], resource);")]
    [InlineData("permit(principal, action, resource) when { {a: 1,} == {a: 1} };")]
    [InlineData("permit(principal, action, resource) when { [1,] == [1] };")]
    [InlineData("permit(principal, action, resource) when { ip(\"1.2.3.4\",) == ip(\"1.2.3.4\") };")]
    [InlineData("permit(principal, action, resource) when { [1].contains(1,) };")]
    public void Parse_TrailingComma_IsAccepted(string text)
    {
        var set = PolicySet.Parse(text);

        Assert.Single(set.Policies);
        Assert.Equal(Decision.Allow, Authorizer.IsAuthorized(ExpressionHarness.Request, set, ExpressionHarness.Entities).Decision);
    }

    /// <summary>
    /// Cedar's reserved identifiers (true, false, if, then, else, in, is, has, like) cannot name an attribute unquoted
    /// (after <c>.</c>, after <c>has</c>, as a record key) or be part of an entity type or namespace; nor can the
    /// reserved name <c>__cedar</c>. Quoted forms are fine. Found by differential testing against cedar-wasm 4.13.
    /// </summary>
    [Theory]
    [InlineData("{if: 1} == {}")]
    [InlineData("{then: 1} == {}")]
    [InlineData("{true: 1} == {}")]
    [InlineData("{like: 1} == {}")]
    [InlineData("{__cedar: 1} == {}")]
    [InlineData("principal has if")]
    [InlineData("principal has in")]
    [InlineData("principal has name.if")]
    [InlineData("principal has __cedar")]
    [InlineData("principal.if == 1")]
    [InlineData("principal.true == 1")]
    [InlineData("principal.__cedar == 1")]
    [InlineData("principal is if")]
    [InlineData("principal is true")]
    [InlineData("principal is User::__cedar")]
    [InlineData("principal == then::\"a\"")]
    [InlineData("principal == true::\"a\"")]
    [InlineData("principal == User::if::\"a\"")]
    [InlineData("principal == __cedar::User::\"a\"")]
    public void Parse_ReservedIdentifierAsNameOrAttribute_IsRejected(string condition) =>
        Assert.Throws<PolicyParseException>(() => PolicySet.Parse($"permit(principal, action, resource) when {{ {condition} }};"));

    [Theory]
    [InlineData("permit(principal == if::\"a\", action, resource);")]
    [InlineData("permit(principal is __cedar, action, resource);")]
    [InlineData("permit(principal, action, resource is true);")]
    public void Parse_ReservedIdentifierInScope_IsRejected(string text) =>
        Assert.Throws<PolicyParseException>(() => PolicySet.Parse(text));

    [Theory]
    [InlineData("{\"if\": 3}[\"if\"] == 3")]
    [InlineData("{\"if\": 3} has \"if\"")]
    [InlineData("{principal: 1, permit: 2, when: 3} has principal")]
    [InlineData("{__cedarX: 1} has __cedarX")]
    [InlineData("principal has principal || true")]
    [InlineData("principal::\"a\" != principal")]
    public void Parse_NonReservedOrQuotedNames_AreAccepted(string condition) =>
        Assert.Equal(Decision.Allow, Authorizer.IsAuthorized(
            ExpressionHarness.Request, PolicySet.Parse($"permit(principal, action, resource) when {{ {condition} }};"), ExpressionHarness.Entities).Decision);

    [Fact]
    public void Parse_AnnotationNames_MayBeReservedWords()
    {
        var set = PolicySet.Parse("@if(\"x\") @true @__cedar(\"y\") permit(principal, action, resource);");

        Assert.Equal("x", set.Policies[0].Annotations["if"]);
    }

    /// <summary>Cedar unescapes string literals with Rust's rules, under which a bare carriage return is an error.</summary>
    [Theory]
    [InlineData("permit(principal, action, resource) when { \"a\rb\" == \"ab\" };")]
    [InlineData("permit(principal, action, resource) when { \"a\r\nb\" like \"a*\" };")]
    [InlineData("permit(principal == User::\"al\rice\", action, resource);")]
    [InlineData("@a(\"x\ry\") permit(principal, action, resource);")]
    public void Parse_BareCarriageReturnInString_IsRejected(string text) =>
        Assert.Throws<PolicyParseException>(() => PolicySet.Parse(text));

    [Fact]
    public void Parse_NewlineInString_IsKept() =>
        Assert.Equal("a\nb", ExpressionHarness.EvaluateValue("\"a\nb\"").AsString());

    [Theory]
    [InlineData("permit(principal, action, resource)\nwhen { 1 +* 2 };", 2, 11)]
    [InlineData("permit(\n  principal,\n  action,\n  resource\n) when { true }", 5, 16)]
    [InlineData("forbid(principal, action, resource) when { \"\\q\" };", 1, 44)]
    [InlineData("permit(principal, action, resource);\n\n  nonsense", 3, 3)]
    public void Parse_Error_NamesLineAndColumn(string text, int line, int column)
    {
        var e = Assert.Throws<PolicyParseException>(() => PolicySet.Parse(text));

        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains($"line {line}, column {column}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_IdAnnotation_NamesThePolicyUnlessPositionIsAsked()
    {
        const string Text = """
            @id("first") permit(principal, action, resource);
            // a comment
            @reason("no id here") @flag forbid(principal, action, resource) unless { false };
            """;

        var annotated = PolicySet.Parse(Text);
        var positional = PolicySet.Parse(Text, PolicyIdMode.Position);

        Assert.Equal(["first", "policy1"], annotated.Policies.Select(p => p.Id));
        Assert.Equal(["policy0", "policy1"], positional.Policies.Select(p => p.Id));
        Assert.Equal("no id here", annotated.Policies[1].Annotations["reason"]);
        Assert.Equal(string.Empty, annotated.Policies[1].Annotations["flag"]);
        Assert.Equal(Effect.Forbid, annotated.Policies[1].Effect);
    }

    [Theory]
    [InlineData(100_000, "(", ")")]
    [InlineData(5_000, "[", "]")]
    [InlineData(5_000, "if true then ", " else 1")]
    public void Parse_DeepNesting_IsRejectedNotAStackOverflow(int depth, string open, string close)
    {
        var text = "permit(principal, action, resource) when { " + string.Concat(Enumerable.Repeat(open, depth)) + "true" + string.Concat(Enumerable.Repeat(close, depth)) + " };";

        var e = Assert.Throws<PolicyParseException>(() => PolicySet.Parse(text));
        Assert.Contains("nested", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LongOperatorChain_IsRejectedNotAStackOverflow()
    {
        var text = "permit(principal, action, resource) when { " + string.Join(" && ", Enumerable.Repeat("principal has a", 50_000)) + " };";

        var e = Assert.Throws<PolicyParseException>(() => PolicySet.Parse(text));
        Assert.Contains("nested", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void Parse_ModeratelyLongChain_IsAccepted()
    {
        var text = "permit(principal, action, resource) when { " + string.Join(" || ", Enumerable.Repeat("principal has a", 500)) + " };";

        Assert.Single(PolicySet.Parse(text).Policies);
    }

    [Fact]
    public void Parse_DuplicateIds_AreRejected() =>
        Assert.Throws<PolicyParseException>(() => PolicySet.Parse("@id(\"x\") permit(principal, action, resource); @id(\"x\") permit(principal, action, resource);"));

    [Fact]
    public void Parse_Scope_ReadsEveryConstraintForm()
    {
        var set = PolicySet.Parse("""
            permit(principal == User::"a", action == Action::"read", resource in Folder::"f");
            permit(principal is User, action in [Action::"read", Ns::Action::"write"], resource is Doc in Folder::"f");
            permit(principal in Group::"g", action in Action::"all", resource);
            """);

        var p0 = set.Policies[0];
        Assert.Equal((ScopeKind.Equal, ScopeKind.Equal, ScopeKind.In), (p0.Principal.Kind, p0.Action.Kind, p0.Resource.Kind));
        var p1 = set.Policies[1];
        Assert.Equal((ScopeKind.Is, "User"), (p1.Principal.Kind, p1.Principal.EntityType));
        Assert.Equal(2, p1.Action.Entities.Count);
        Assert.Equal(new EntityUid("Ns::Action", "write"), p1.Action.Entities[1]);
        Assert.Equal((ScopeKind.IsIn, "Doc"), (p1.Resource.Kind, p1.Resource.EntityType));
        Assert.Equal(ScopeKind.Any, set.Policies[2].Resource.Kind);
    }

    [Theory]
    [InlineData("\"\\n\\r\\t\\\\\\0\\'\\\"\"", "\n\r\t\\\0'\"")]
    [InlineData("\"\\x41\\u{1F600}\\u{e9}\"", "A\U0001F600é")]
    [InlineData("\"plain\"", "plain")]
    public void Parse_StringEscapes_FollowCedar(string literal, string expected) =>
        Assert.Equal(expected, ExpressionHarness.EvaluateValue(literal).AsString());

    [Fact]
    public void EntityUid_Parse_ReadsNamespacedLiteral()
    {
        var uid = EntityUid.Parse("Acme::Tools::Tool::\"tickets\\u{2F}read\"");

        Assert.Equal("Acme::Tools::Tool", uid.Type);
        Assert.Equal("tickets/read", uid.Id);
    }

    [Fact]
    public void TryParse_InvalidText_ReturnsTheErrorAsAValue()
    {
        Assert.False(PolicySet.TryParse("permit(", out var set, out var error));

        Assert.Null(set);
        Assert.NotNull(error);
        Assert.Equal(1, error.Line);
    }
}
