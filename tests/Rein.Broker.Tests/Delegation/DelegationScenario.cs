using Rein.Broker.Tests.Infrastructure;
using Rein.Core.Configuration;
using Rein.Jose;

namespace Rein.Broker.Tests.Delegation;

/// <summary>
/// The registry delegation tests run against: the organisation's IdP (a <c>trust</c> entry of kind user), a
/// workload issuer, agents that act for alice, and her grants. One agent per concern, so a test that changes an
/// agent's or a grant's state owns it.
/// </summary>
internal static class DelegationScenario
{
    public const string IdpIssuer = "https://idp.example.com";
    public const string IdpAudience = "rein";
    public const string Alice = "alice";
    public const string Bob = "bob";

    public const string K8sIssuer = Scenario.K8sIssuer;
    public const string AssistantWorkload = "system:serviceaccount:agents:assistant";

    /// <summary>The IdP signs with RS256, as most do.</summary>
    public static SigningKey IdpKey => TestKeys.For("idp", JwsAlgorithms.RS256);

    public static DateTimeOffset Now => DateTimeOffset.UtcNow;

    public static ToolConfig Tickets => Scenario.Tickets with
    {
        Actions =
        [
            new ActionConfig { Name = "tickets.read", Method = "GET", PathTemplate = "/tickets/{id}" },
            new ActionConfig { Name = "tickets.write", Method = "POST", PathTemplate = "/tickets", Risk = RiskTier.High },
            new ActionConfig { Name = "tickets.delete", Method = "DELETE", PathTemplate = "/tickets/{id}", Risk = RiskTier.High, ApprovalRequired = true },
        ],
    };

    public static Dictionary<string, IReadOnlyList<string>> AllTickets => new() { ["tickets"] = ["tickets.read", "tickets.write", "tickets.delete"] };

    public static AgentConfig Agent(string id, Dictionary<string, IReadOnlyList<string>>? tools = null, string[]? impersonate = null,
        CredentialConfig? extraCredential = null) => Scenario.KeyAgent(id, tools: tools ?? AllTickets) with
        {
            Impersonate = impersonate ?? [],
            Credentials = extraCredential is null
                ? [new PrivateKeyJwtCredential { JwksJson = TestKeys.Jwks(TestKeys.For(id)) }]
                : [new PrivateKeyJwtCredential { JwksJson = TestKeys.Jwks(TestKeys.For(id)) }, extraCredential],
        };

    public static GrantConfig Grant(string id, string agent, string[] actions, string user = Alice, DateTimeOffset? from = null,
        DateTimeOffset? until = null, bool approval = false, string[]? approvers = null) => new()
        {
            Id = id,
            UserIssuer = IdpIssuer,
            UserSubject = user,
            Agent = agent,
            Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = actions },
            From = from,
            Until = until ?? Now.AddDays(1),
            ApprovalRequired = approval,
            Approvers = approvers ?? [],
        };

    /// <summary>Agents that hold a grant from alice, by what the test uses them for.</summary>
    public static readonly string[] GrantedAgents =
    [
        "assistant", "helper", "third", "fourth", "chain-a", "chain-b", "chain-c", "limit-bot", "short-bot", "mayact-bot",
        "actor-bot", "revoke-user-a", "revoke-user-b", "revoke-grant-bot", "kill-a", "kill-b", "policy-bot", "approve-bot",
        "deny-bot", "reuse-bot", "details-bot", "alone-bot", "nonapprover-bot", "expire-bot", "grant-approval-bot", "intro-bot",
        "groups-a", "groups-b",
    ];

    public static ReinConfig Config()
    {
        var now = Now;
        return new ReinConfig
        {
            Tools = [Tickets, Scenario.Docs],
            Agents =
            [
                .. GrantedAgents.Select(id => id == "assistant"
                    ? Agent(id, extraCredential: new WorkloadCredential { Issuer = K8sIssuer, Subject = AssistantWorkload })
                    : Agent(id)),
                Agent("narrow-bot", tools: new() { ["tickets"] = ["tickets.read", "tickets.write"] }),
                Agent("imp-bot", impersonate: ["tickets"]),
                Agent("nogrant-bot"),
                Agent("expired-bot"),
                Agent("future-bot"),
                Agent("docs-only-bot", tools: new() { ["tickets"] = ["tickets.read"], ["docs"] = ["docs.read"] }),
            ],
            Admins = [Scenario.Admin],
            Trust =
            [
                new TrustConfig { Issuer = IdpIssuer, JwksJson = TestKeys.Jwks(IdpKey), Audience = IdpAudience, Kind = "user", GroupsClaim = "groups" },
                new TrustConfig { Issuer = K8sIssuer, JwksJson = TestKeys.Jwks(Scenario.K8sKey), Audience = Scenario.K8sAudience },
            ],
            Grants =
            [
                .. GrantedAgents.Where(a => a is not ("grant-approval-bot" or "short-bot"))
                    .Select(agent => Grant("g-" + agent, agent, ["tickets.read", "tickets.write", "tickets.delete"])),
                Grant("g-short-bot", "short-bot", ["tickets.read"], until: now.AddSeconds(90)),
                Grant("g-grant-approval-bot", "grant-approval-bot", ["tickets.read"], approval: true, approvers: ["secops"]),
                Grant("g-narrow-bot", "narrow-bot", ["tickets.read"]),
                Grant("g-imp-bot", "imp-bot", ["tickets.read"]),
                Grant("g-expired-bot", "expired-bot", ["tickets.read"], from: now.AddDays(-2), until: now.AddDays(-1)),
                Grant("g-future-bot", "future-bot", ["tickets.read"], from: now.AddDays(1), until: now.AddDays(2)),
                Grant("g-docs-only-bot", "docs-only-bot", ["tickets.read"]) with
                {
                    Tools = new Dictionary<string, IReadOnlyList<string>> { ["docs"] = ["docs.read"] },
                },
            ],
        };
    }
}
