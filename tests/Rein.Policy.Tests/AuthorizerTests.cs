using Rein.Policy.Values;

namespace Rein.Policy.Tests;

public sealed class AuthorizerTests
{
    private static readonly EntityStore Entities = ExpressionHarness.Entities;

    private static AuthorizationResponse Decide(string policies, string principal = "alice", string action = "read", string resource = "d1") =>
        Authorizer.IsAuthorized(
            new Request(new EntityUid("User", principal), new EntityUid("Action", action), new EntityUid("Doc", resource)),
            PolicySet.Parse(policies, PolicyIdMode.Position),
            Entities);

    [Fact]
    public void IsAuthorized_NoPolicies_DeniesByDefault()
    {
        var response = Decide(string.Empty);

        Assert.Equal(Decision.Deny, response.Decision);
        Assert.Empty(response.Reason);
        Assert.Empty(response.Errors);
    }

    [Fact]
    public void IsAuthorized_SatisfiedPermits_AllowWithEveryPermitAsReason()
    {
        var response = Decide("""
            permit(principal, action, resource);
            permit(principal in Group::"everyone", action in Action::"readers", resource);
            permit(principal == User::"bob", action, resource);
            """);

        Assert.Equal(Decision.Allow, response.Decision);
        Assert.Equal(["policy0", "policy1"], response.Reason);
    }

    [Fact]
    public void IsAuthorized_SatisfiedForbid_OverridesPermit()
    {
        var response = Decide("""
            permit(principal, action, resource);
            forbid(principal is User, action, resource) when { principal.age < 40 };
            """);

        Assert.Equal(Decision.Deny, response.Decision);
        Assert.Equal(["policy1"], response.Reason);
    }

    [Fact]
    public void IsAuthorized_ErroringPolicy_IsSkippedAndReported()
    {
        var response = Decide("""
            permit(principal, action, resource) when { principal.age > 18 };
            forbid(principal, action, resource) when { principal.missing == 1 };
            permit(principal, action, resource) when { 9223372036854775807 + principal.age > 0 };
            """);

        Assert.Equal(Decision.Allow, response.Decision);
        Assert.Equal(["policy0"], response.Reason);
        Assert.Equal(["policy1", "policy2"], response.Errors.Select(e => e.PolicyId));
        Assert.Contains("missing", response.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("overflow", response.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsAuthorized_NonBooleanCondition_IsAnError()
    {
        var response = Decide("permit(principal, action, resource) when { 1 };");

        Assert.Equal(Decision.Deny, response.Decision);
        Assert.Equal("policy0", Assert.Single(response.Errors).PolicyId);
    }

    [Fact]
    public void IsAuthorized_UnlessClause_NegatesItsCondition()
    {
        Assert.Equal(Decision.Deny, Decide("permit(principal, action, resource) unless { principal.age == 30 };").Decision);
        Assert.Equal(Decision.Allow, Decide("permit(principal, action, resource) unless { principal.age == 31 };").Decision);
    }

    [Theory]
    [InlineData("permit(principal == User::\"alice\", action, resource);", "alice", "read", "d1", true)]
    [InlineData("permit(principal == User::\"alice\", action, resource);", "bob", "read", "d1", false)]
    [InlineData("permit(principal in Group::\"everyone\", action, resource);", "alice", "read", "d1", true)]
    [InlineData("permit(principal in Group::\"everyone\", action, resource);", "bob", "read", "d1", false)]
    [InlineData("permit(principal is User in Group::\"staff\", action, resource);", "alice", "read", "d1", true)]
    [InlineData("permit(principal is Group, action, resource);", "alice", "read", "d1", false)]
    [InlineData("permit(principal, action in [Action::\"write\", Action::\"readers\"], resource);", "alice", "read", "d1", true)]
    [InlineData("permit(principal, action == Action::\"write\", resource);", "alice", "read", "d1", false)]
    [InlineData("permit(principal, action, resource == Doc::\"d2\");", "alice", "read", "d1", false)]
    [InlineData("permit(principal, action, resource is Doc);", "alice", "read", "d1", true)]
    [InlineData("permit(principal in User::\"ghost\", action, resource);", "ghost", "read", "d1", true)]
    public void IsAuthorized_Scope_SelectsOnlyMatchingPolicies(string policy, string principal, string action, string resource, bool allowed) =>
        Assert.Equal(allowed ? Decision.Allow : Decision.Deny, Decide(policy, principal, action, resource).Decision);

    [Fact]
    public void IsAuthorized_ManyPolicies_EvaluatesTheIndexedCandidates()
    {
        var text = string.Join('\n', Enumerable.Range(0, 500).Select(i => $"permit(principal == User::\"u{i}\", action, resource);"))
            + "\nforbid(principal in Group::\"staff\", action, resource) when { context.n == 3 };";
        var set = PolicySet.Parse(text, PolicyIdMode.Position);
        var context = Request.ContextFromJson("""{"n": 3}""");

        var bob = Authorizer.IsAuthorized(new Request(new EntityUid("User", "u7"), new EntityUid("Action", "read"), new EntityUid("Doc", "d1"), context), set, Entities);
        var alice = Authorizer.IsAuthorized(new Request(new EntityUid("User", "alice"), new EntityUid("Action", "read"), new EntityUid("Doc", "d1"), context), set, Entities);

        Assert.Equal((Decision.Allow, "policy7"), (bob.Decision, Assert.Single(bob.Reason)));
        Assert.Equal((Decision.Deny, "policy500"), (alice.Decision, Assert.Single(alice.Reason)));
    }

    [Fact]
    public void IsAuthorized_ConcurrentRequests_GetIndependentAnswers()
    {
        var set = PolicySet.Parse(string.Join('\n', Enumerable.Range(0, 50).Select(i => $"permit(principal == User::\"u{i}\", action, resource);")));

        Parallel.For(0, 2000, i =>
        {
            var response = Authorizer.IsAuthorized(
                new Request(new EntityUid("User", "u" + (i % 60)), new EntityUid("Action", "read"), new EntityUid("Doc", "d1")), set, Entities);
            Assert.Equal(i % 60 < 50 ? Decision.Allow : Decision.Deny, response.Decision);
        });
    }
}
