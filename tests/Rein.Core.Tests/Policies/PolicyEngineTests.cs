using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Rein.Core.Configuration;
using Rein.Core.Hosting;
using Rein.Core.Policies;
using Rein.Core.Registry;
using Rein.Core.Storage;

namespace Rein.Core.Tests.Policies;

public sealed class PolicyEngineTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rein-policies-");

    private static readonly ReinConfig Registry = new()
    {
        Tools =
        [
            new ToolConfig
            {
                Id = "tickets", Audience = "https://tickets.example", Risk = RiskTier.Medium,
                Actions =
                [
                    new ActionConfig { Name = "tickets.read", Method = "GET", PathTemplate = "/tickets/{id}", Risk = RiskTier.Low },
                    new ActionConfig { Name = "tickets.write", Method = "POST", PathTemplate = "/tickets" },
                    new ActionConfig { Name = "tickets.purge", Method = "DELETE", PathTemplate = "/tickets", Risk = RiskTier.Critical },
                ],
            },
            new ToolConfig
            {
                Id = "payments", Audience = "https://payments.example", Risk = RiskTier.Critical,
                Actions = [new ActionConfig { Name = "payments.send", Method = "POST", PathTemplate = "/send" }],
            },
        ],
        Agents =
        [
            new AgentConfig { Id = "prod-bot", Environment = "prod", Credentials = [], Tools = new Dictionary<string, IReadOnlyList<string>>() },
            new AgentConfig { Id = "dev-bot", Environment = "dev", Owner = "dev@example.com", Risk = RiskTier.Medium, Credentials = [], Tools = new Dictionary<string, IReadOnlyList<string>>() },
        ],
    };

    private PolicyEngine Engine(string? directory)
    {
        var options = new ReinCoreOptions
        {
            Config = Registry with { Policies = directory },
            DataDirectory = _dir.FullName,
            Store = StoreOptions.Resolve(null, _dir.FullName),
        };
        return new PolicyEngine(new ReinRegistry(Registry), options, new FakeTimeProvider(Now), NullLogger<PolicyEngine>.Instance);
    }

    private static PolicyContext Context(string assurance = "normal", bool device = true, string risk = "low", bool approval = false) =>
        new() { Stage = "call", Time = Now, Assurance = assurance, DeviceCompliant = device, RiskLevel = risk, Approval = approval };

    private static string SamplesDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rein.slnx"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "samples", "policies");
    }

    private static PolicyDecision Decide(PolicyEngine engine, string agent, string tool, string action, PolicyContext context)
    {
        var toolConfig = Registry.Tools.Single(t => t.Id == tool);
        var actionConfig = toolConfig.Actions.Single(a => a.Name == action);
        return engine.Authorize(agent, tool, action, actionConfig.Risk ?? toolConfig.Risk, toolConfig.Risk, context);
    }

    [Fact]
    public void NotConfigured_ScopesAloneDecide()
    {
        var engine = Engine(null);

        Assert.False(engine.Enabled);
        Assert.True(Decide(engine, "prod-bot", "payments", "payments.send", Context()).Allowed);
    }

    [Theory]
    [InlineData("dev-bot", "tickets", "tickets.write", "normal", true, "low", false, true, "agents-use-their-bindings")]
    [InlineData("prod-bot", "tickets", "tickets.purge", "normal", true, "low", false, false, "prod-critical-needs-approval")]
    [InlineData("prod-bot", "tickets", "tickets.purge", "normal", true, "low", true, true, "agents-use-their-bindings")]
    [InlineData("dev-bot", "tickets", "tickets.purge", "normal", true, "low", false, true, "agents-use-their-bindings")]
    [InlineData("prod-bot", "payments", "payments.send", "normal", true, "low", false, false, "prod-critical-tool-needs-approval")]
    [InlineData("dev-bot", "tickets", "tickets.read", "reduced", true, "low", false, true, "agents-use-their-bindings")]
    [InlineData("dev-bot", "tickets", "tickets.write", "reduced", true, "low", false, false, "read-only-when-assurance-dropped")]
    [InlineData("dev-bot", "tickets", "tickets.read", "normal", false, "low", false, false, "deny-non-compliant-device")]
    [InlineData("dev-bot", "tickets", "tickets.read", "normal", true, "high", false, true, "agents-use-their-bindings")]
    [InlineData("dev-bot", "tickets", "tickets.write", "normal", true, "high", false, false, "high-risk-low-actions-only")]
    public void Samples_DecideAsDocumented(string agent, string tool, string action, string assurance, bool device, string risk, bool approval,
        bool allowed, string determining)
    {
        var engine = Engine(SamplesDirectory());
        Assert.True(engine.Reload().Succeeded);

        var decision = Decide(engine, agent, tool, action, Context(assurance, device, risk, approval));

        Assert.Equal(allowed, decision.Allowed);
        Assert.Contains(determining, decision.DeterminingPolicies);
        Assert.Empty(decision.ErroringPolicies);
    }

    [Fact]
    public void UnknownAgent_IsDenied_ByDefault()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "p.cedar"), "permit(principal in Rein::Agent::\"nobody\", action, resource);");
        var engine = Engine(_dir.FullName);
        Assert.True(engine.Reload().Succeeded);

        var decision = Decide(engine, "dev-bot", "tickets", "tickets.read", Context());

        Assert.False(decision.Allowed);
        Assert.Equal("no policy permits", decision.Reason);
    }

    [Fact]
    public void Reload_BrokenFile_KeepsPreviousSet_AndReportsFileLineColumn()
    {
        var file = Path.Combine(_dir.FullName, "p.cedar");
        File.WriteAllText(file, "permit(principal, action, resource);");
        var engine = Engine(_dir.FullName);
        Assert.True(engine.Reload().Succeeded);

        File.WriteAllText(file, "permit(principal, action, resource);\nforbid(principal action, resource);");
        File.WriteAllText(Path.Combine(_dir.FullName, "q.cedar"), "permit(principal,");
        var result = engine.Reload();

        Assert.False(result.Succeeded);
        Assert.Equal(2, result.Errors.Count);
        Assert.StartsWith("p.cedar:2:", result.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("q.cedar:1:", result.Errors[1], StringComparison.Ordinal);
        Assert.True(Decide(engine, "dev-bot", "tickets", "tickets.read", Context()).Allowed);
        Assert.Equal("p.cedar:policy0", Assert.Single(engine.Policies!.Policies).Id);
    }

    [Fact]
    public void DuplicateIdsAcrossFiles_AreAnError()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "a.cedar"), "@id(\"x\") permit(principal, action, resource);");
        File.WriteAllText(Path.Combine(_dir.FullName, "b.cedar"), "@id(\"x\") forbid(principal, action, resource);");

        var result = Engine(_dir.FullName).Reload();

        Assert.False(result.Succeeded);
        Assert.Contains("duplicate policy id x", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void ContextAttributes_AreAvailableToPolicies()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "p.cedar"), """
            permit(principal, action, resource) when {
              context.stage == "call" && context.tool == "tickets" && context.action_risk == "low" && context.tool_risk == "medium" &&
              context.client_ip.isInRange(ip("10.0.0.0/8")) && context.time > datetime("2026-01-01") && !context.delegated &&
              resource.audience == "https://tickets.example" && principal.environment == "dev" &&
              action in Rein::Action::"tool:tickets" && action in Rein::Action::"method:GET"
            };
            """);
        var engine = Engine(_dir.FullName);
        Assert.True(engine.Reload().Succeeded);

        var decision = Decide(engine, "dev-bot", "tickets", "tickets.read", Context() with { ClientIp = System.Net.IPAddress.Parse("10.1.2.3") });

        Assert.True(decision.Allowed, string.Join(",", decision.ErroringPolicies));
    }

    [Fact]
    public void AgentAttributes_AreAvailableToPolicies_RiskOnlyWhenDeclared()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "p.cedar"), """
            @id("declared") permit(principal is Rein::Agent, action, resource) when {
              principal.id == "dev-bot" && principal.class == "agent" && principal.status == "active" &&
              principal.owner == "dev@example.com" && principal.environment == "dev" && principal.risk == "medium"
            };
            @id("undeclared") permit(principal is Rein::Agent, action, resource) when { !(principal has risk) && !(principal has owner) };
            """);
        var engine = Engine(_dir.FullName);
        Assert.True(engine.Reload().Succeeded);

        var dev = Decide(engine, "dev-bot", "tickets", "tickets.read", Context());
        var prod = Decide(engine, "prod-bot", "tickets", "tickets.read", Context());

        Assert.Equal(["declared"], dev.DeterminingPolicies);
        Assert.Empty(dev.ErroringPolicies);
        Assert.Equal(["undeclared"], prod.DeterminingPolicies);
    }

    [Fact]
    public void DelegatedDecision_SeesThePersonAsARein_User()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "p.cedar"), """
            @id("alice") permit(principal, action, resource) when {
              context has user && context.user == Rein::User::"https://idp.example|alice" && context.user.issuer == "https://idp.example" && context.user.subject == "alice"
            };
            @id("own") permit(principal, action, resource) unless { context has user };
            """);
        var engine = Engine(_dir.FullName);
        Assert.True(engine.Reload().Succeeded);

        var alice = Decide(engine, "dev-bot", "tickets", "tickets.read", Context() with { Delegated = true, User = "https://idp.example|alice" });
        var again = Decide(engine, "dev-bot", "tickets", "tickets.read", Context() with { Delegated = true, User = "https://idp.example|alice" });
        var bob = Decide(engine, "dev-bot", "tickets", "tickets.read", Context() with { Delegated = true, User = "https://idp.example|bob" });
        var own = Decide(engine, "dev-bot", "tickets", "tickets.read", Context());

        Assert.Equal(["alice"], alice.DeterminingPolicies);
        Assert.Equal(["alice"], again.DeterminingPolicies);
        Assert.False(bob.Allowed);
        Assert.Empty(bob.ErroringPolicies);
        Assert.Equal(["own"], own.DeterminingPolicies);
        Assert.Empty(own.ErroringPolicies);
    }

    [Fact]
    public void DelegatedDecision_ThePersonIsAMemberOfTheirGroups_NamespacedByIssuer_NeverAStaleSetOfGroups()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "p.cedar"), """
            @id("sre") permit(principal, action, resource) when { context has user && context.user in Rein::Group::"https://idp.example|sre" };
            @id("no-contractors") forbid(principal, action, resource) when { context has user && context.user in Rein::Group::"https://idp.example|contractors" };
            """);
        var engine = Engine(_dir.FullName);
        Assert.True(engine.Reload().Succeeded);
        PolicyContext As(string user, params string[] groups) => Context() with { Delegated = true, User = user, UserGroups = groups };

        var member = Decide(engine, "dev-bot", "tickets", "tickets.read", As("https://idp.example|alice", "dev", "sre"));
        var again = Decide(engine, "dev-bot", "tickets", "tickets.read", As("https://idp.example|alice", "dev", "sre"));
        var leftTheGroup = Decide(engine, "dev-bot", "tickets", "tickets.read", As("https://idp.example|alice", "dev"));
        var both = Decide(engine, "dev-bot", "tickets", "tickets.read", As("https://idp.example|alice", "sre", "contractors"));
        var memberAgain = Decide(engine, "dev-bot", "tickets", "tickets.read", As("https://idp.example|alice", "dev", "sre"));
        var otherIssuer = Decide(engine, "dev-bot", "tickets", "tickets.read", As("https://other-idp.example|alice", "sre"));
        var noGroups = Decide(engine, "dev-bot", "tickets", "tickets.read", As("https://idp.example|bob"));

        Assert.Equal(["sre"], member.DeterminingPolicies);
        Assert.Equal(["sre"], again.DeterminingPolicies);
        Assert.False(leftTheGroup.Allowed);
        Assert.Empty(leftTheGroup.DeterminingPolicies);
        Assert.False(both.Allowed);
        Assert.Equal(["no-contractors"], both.DeterminingPolicies);
        Assert.Equal(["sre"], memberAgain.DeterminingPolicies);
        Assert.False(otherIssuer.Allowed);
        Assert.False(noGroups.Allowed);
        Assert.All([member, leftTheGroup, both, otherIssuer, noGroups], d => Assert.Empty(d.ErroringPolicies));
    }

    [Fact]
    public void ReinEntities_UserEntity_HasOneGroupParentPerGroup_UnderTheUsersIssuer()
    {
        var user = ReinEntities.UserEntity("https://idp.example|alice", ["sre", "a|b"]);

        Assert.Equal(
            [new Rein.Policy.Values.EntityUid("Rein::Group", "https://idp.example|sre"), new Rein.Policy.Values.EntityUid("Rein::Group", "https://idp.example|a|b")],
            user.Parents);
        Assert.Empty(ReinEntities.UserEntity("https://idp.example|bob").Parents);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
