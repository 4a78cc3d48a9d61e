using System.Globalization;
using System.Text;
using Rein.Policy.Evaluation;
using Rein.Policy.Values;

namespace Rein.Policy.Tests;

/// <summary>
/// The scope index, the classes of repeated policies and the shared-condition memo must never change an answer: on
/// generated policy sets with every kind of scope, repeats, shared and erroring conditions, the authorizer answers
/// exactly as a scan of every policy in turn.
/// </summary>
public sealed class PolicyIndexTests
{
    private static readonly EntityStore Entities = BuildEntities();

    private static readonly string[] Principals =
        [.. Enumerable.Range(0, 12).Select(i => $"User::\"u{i}\""), "Group::\"g0\"", "Group::\"g3\"", "User::\"ghost\""];

    private static readonly string[] Actions = [.. Enumerable.Range(0, 6).Select(i => $"Action::\"a{i}\""), "Action::\"ag0\""];

    private static readonly string[] Resources =
        [.. Enumerable.Range(0, 8).Select(i => $"Doc::\"d{i}\""), "Folder::\"f0\"", "Doc::\"nowhere\""];

    private static readonly string[] Conditions =
    [
        "",
        "when { principal.level > 2 }",
        "when { principal has level && principal.level > 2 }",
        "unless { resource.risk == 1 }",
        "when { context.n == 3 }",
        "when { resource.risk >= 2 } unless { principal in Group::\"g0\" }",
        "when { 1 }",
    ];

    [Theory]
    [InlineData(40, 0.3, 1)]
    [InlineData(2_000, 0.02, 2)]
    [InlineData(2_000, 0.5, 3)]
    [InlineData(6_000, 0.1, 4)]
    public void IsAuthorized_GeneratedSets_AnswerAsAScanOfEveryPolicy(int count, double unconstrained, int seed)
    {
        var set = PolicySet.Parse(GeneratePolicies(count, unconstrained, new Random(seed)), PolicyIdMode.Position);
        var context = Request.ContextFromJson("""{ "n": 3 }""");
        var checkedRequests = 0;
        foreach (var principal in Principals)
        {
            foreach (var action in Actions)
            {
                foreach (var resource in Resources)
                {
                    var request = new Request(EntityUid.Parse(principal), EntityUid.Parse(action), EntityUid.Parse(resource), context);

                    var indexed = Describe(Authorizer.IsAuthorized(request, set, Entities));
                    var scanned = Scan(request, set, Entities);

                    Assert.True(scanned == indexed, $"{principal} {action} {resource}: scan {scanned}, indexed {indexed}");
                    checkedRequests++;
                }
            }
        }

        Assert.Equal(Principals.Length * Actions.Length * Resources.Length, checkedRequests);
    }

    [Fact]
    public void IsAuthorized_SharedCondition_GivesEveryPolicyItsOwnOutcomeAndError()
    {
        var set = PolicySet.Parse("""
            permit(principal == User::"u3", action, resource) when { principal.level > 2 };
            permit(principal == User::"u2", action, resource) when { principal.level > 2 };
            forbid(principal, action, resource == Doc::"d1") when { principal.level > 2 };
            forbid(principal, action, resource == Doc::"d2") when { principal.level > 2 };
            permit(principal, action, resource) when { principal.level > 2 };
            """, PolicyIdMode.Position);

        // u3 has level 3, u2 has none: the same condition is true for one and an error for the other.
        var u3 = Authorizer.IsAuthorized(UserReads("u3", "d2"), set, Entities);
        var u2 = Authorizer.IsAuthorized(UserReads("u2", "d2"), set, Entities);

        Assert.Equal(Decision.Deny, u3.Decision);
        Assert.Equal(["policy3"], u3.Reason);
        Assert.Empty(u3.Errors);
        Assert.Equal(Decision.Deny, u2.Decision);
        Assert.Empty(u2.Reason);
        Assert.Equal(["policy1", "policy3", "policy4"], u2.Errors.Select(e => e.PolicyId));
        Assert.Single(u2.Errors.Select(e => e.Message).Distinct());
        Assert.Contains("level", u2.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsAuthorized_RepeatedPolicies_ReportEveryIdInPolicyOrder()
    {
        // The same guard under three ids, interleaved with other policies: evaluated as one, reported as three.
        var set = PolicySet.Parse("""
            @id("guard-a") forbid(principal, action, resource is Doc) when { resource.risk == 2 };
            @id("own") permit(principal == User::"u3", action, resource);
            @id("guard-b") forbid(principal, action, resource is Doc) when { resource.risk == 2 };
            @id("broken-a") permit(principal, action, resource) when { principal.level > 2 };
            @id("other") forbid(principal == User::"u3", action, resource == Doc::"d2");
            @id("broken-b") permit(principal, action, resource) when { principal.level > 2 };
            @id("guard-c") forbid(principal, action, resource is Doc) when { resource.risk == 2 };
            """);

        var denied = Authorizer.IsAuthorized(UserReads("u3", "d2"), set, Entities);
        var failed = Authorizer.IsAuthorized(UserReads("u2", "d0"), set, Entities);

        Assert.Equal(Decision.Deny, denied.Decision);
        Assert.Equal(["guard-a", "guard-b", "other", "guard-c"], denied.Reason);
        Assert.Equal(Decision.Deny, failed.Decision);
        Assert.Empty(failed.Reason);
        Assert.Equal(["broken-a", "broken-b"], failed.Errors.Select(e => e.PolicyId));
    }

    [Theory]
    [InlineData("permit(principal == Group::\"g1\", action, resource);", false, false)]
    [InlineData("permit(principal == Group::\"g1\", action, resource);", true, false)]
    [InlineData("permit(principal in Group::\"g1\", action, resource);", false, true)]
    [InlineData("permit(principal in Group::\"g1\", action, resource);", true, true)]
    [InlineData("permit(principal is Group in Group::\"g0\", action, resource);", false, false)]
    [InlineData("permit(principal is Group in Group::\"g0\", action, resource);", true, false)]
    [InlineData("permit(principal is User in Group::\"g0\", action, resource);", false, true)]
    [InlineData("permit(principal is User in Group::\"g0\", action, resource);", true, true)]
    public void IsAuthorized_ScopeOnAnAncestor_MatchesOnlyWhereCedarSaysSo(string policy, bool broadPadding, bool allowed)
    {
        // u1 is in g1 and g3, both in g0. Padding with 300 other policies steers the index: narrow ones leave a single
        // candidate whose scope is checked; broad ones (unconstrained, never satisfied) make it intersect bit sets.
        var padding = string.Concat(Enumerable.Range(0, 300).Select(i => broadPadding
            ? "\nforbid(principal, action, resource) when { false };"
            : $"\nforbid(principal, action, resource == Doc::\"x{i}\");"));
        var set = PolicySet.Parse(policy + padding, PolicyIdMode.Position);

        Assert.Equal(allowed, Authorizer.IsAuthorized(UserReads("u1", "d0"), set, Entities).IsAllowed);
    }

    private static Request UserReads(string user, string doc) =>
        new(new EntityUid("User", user), new EntityUid("Action", "a0"), new EntityUid("Doc", doc));

    /// <summary>Cedar's algorithm without the index or the memo: every policy's scope, then its conditions.</summary>
    private static string Scan(Request request, PolicySet set, EntityStore entities)
    {
        var context = new EvaluationContext(request, entities);
        var permits = new List<string>();
        var forbids = new List<string>();
        var errors = new List<PolicyError>();
        foreach (var policy in set.Policies)
        {
            if (!policy.MatchesScope(request, entities))
            {
                continue;
            }

            switch (policy.EvaluateConditions(context))
            {
                case true:
                    (policy.Effect == Effect.Permit ? permits : forbids).Add(policy.Id);
                    break;
                case null:
                    errors.Add(new PolicyError(policy.Id, EvaluationErrors.Take()));
                    break;
            }
        }

        var decision = forbids.Count == 0 && permits.Count > 0 ? Decision.Allow : Decision.Deny;
        return Describe(decision, forbids.Count > 0 ? forbids : decision == Decision.Allow ? permits : [], errors);
    }

    private static string Describe(AuthorizationResponse response) => Describe(response.Decision, response.Reason, response.Errors);

    private static string Describe(Decision decision, IReadOnlyList<string> reason, IReadOnlyList<PolicyError> errors) =>
        $"{decision} [{string.Join(",", reason)}] errors [{string.Join(",", errors.Select(e => e.PolicyId + ": " + e.Message))}]";

    private static string GeneratePolicies(int count, double unconstrained, Random random)
    {
        string Pick(params string[] options) => options[random.Next(options.Length)];
        string N(int below) => random.Next(below).ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var principal = random.NextDouble() < unconstrained ? "principal" : Pick(
                $"principal == User::\"u{N(12)}\"", $"principal == Group::\"g{N(6)}\"", $"principal in Group::\"g{N(6)}\"",
                $"principal in User::\"u{N(12)}\"", "principal is User", "principal is Group",
                $"principal is User in Group::\"g{N(6)}\"", $"principal is Group in Group::\"g{N(6)}\"");
            var action = random.NextDouble() < unconstrained ? "action" : Pick(
                $"action == Action::\"a{N(6)}\"", $"action in Action::\"ag{N(2)}\"",
                $"action in [Action::\"a{N(6)}\", Action::\"ag{N(2)}\"]", $"action in [Action::\"a{N(6)}\", Action::\"a{N(6)}\"]");
            var resource = random.NextDouble() < unconstrained ? "resource" : Pick(
                $"resource == Doc::\"d{N(8)}\"", $"resource in Folder::\"f{N(3)}\"", "resource is Doc", "resource is Folder",
                $"resource is Doc in Folder::\"f{N(3)}\"", $"resource == Folder::\"f{N(3)}\"");
            var effect = random.NextDouble() < 0.2 ? "forbid" : "permit";
            text.Append(CultureInfo.InvariantCulture, $"{effect}({principal}, {action}, {resource}) {Conditions[random.Next(Conditions.Length)]};\n");
        }

        return text.ToString();
    }

    private static EntityStore BuildEntities()
    {
        var json = new StringBuilder("[");
        void Add(string type, string id, string attrs, params string[] parents) => json.Append(CultureInfo.InvariantCulture,
            $$"""{ "uid": { "type": "{{type}}", "id": "{{id}}" }, "attrs": {{{attrs}}}, "parents": [{{string.Join(",", parents.Select(p => $$"""{ "type": "{{p.Split(':')[0]}}", "id": "{{p.Split(':')[1]}}" }"""))}}] },""");
        for (var g = 0; g < 6; g++)
        {
            Add("Group", $"g{g}", "", g > 0 ? [$"Group:g{(g - 1) / 2}"] : []);
        }

        for (var u = 0; u < 12; u++)
        {
            Add("User", $"u{u}", u % 3 == 2 ? "" : $"\"level\": {u % 5}", $"Group:g{u % 6}", $"Group:g{(u + 2) % 6}");
        }

        Add("Action", "ag0", "");
        Add("Action", "ag1", "", "Action:ag0");
        for (var a = 0; a < 6; a++)
        {
            Add("Action", $"a{a}", "", $"Action:ag{a % 2}");
        }

        for (var f = 0; f < 3; f++)
        {
            Add("Folder", $"f{f}", "\"risk\": 0", f > 0 ? ["Folder:f0"] : []);
        }

        for (var d = 0; d < 8; d++)
        {
            Add("Doc", $"d{d}", $"\"risk\": {d % 3}", $"Folder:f{d % 3}");
        }

        json.Length--;
        return EntityStore.FromJson(json.Append(']').ToString());
    }
}
