using Rein.Core.Configuration;

namespace Rein.Gateway.Tests.Infrastructure;

/// <summary>
/// The registry the gateway tests run against: tools of every risk tier on one real upstream, one tool whose
/// upstream is down, one rate-limited tool, and agents named for what they do (a test that changes an agent's state
/// uses an agent no other test uses).
/// </summary>
internal static class GatewayScenario
{
    public const string TicketsAudience = "https://tickets.example.internal";
    public const string DocsAudience = "https://docs.example.internal";
    public const string VaultAudience = "https://vault.example.internal";
    public const string LimitedAudience = "https://limited.example.internal";
    public const string OfflineAudience = "https://offline.example.internal";
    public const string NotesAudience = "https://notes.example.internal";
    public const string AdminId = "ops";

    /// <summary>Agents every standard host declares; each holds every binding of the scenario.</summary>
    public static readonly string[] Agents =
    [
        "bot", "other-bot", "scope-bot", "trace-bot", "attack-bot", "victim-bot", "route-bot", "reload-bot",
        "kill-bot", "inflight-bot", "enable-bot", "cache-bot", "restart-bot", "audit-bot", "limit-bot", "limit-other-bot", "limit-third-bot", "limit-burst-bot",
        "jti-bot", "sid-bot", "agent-bot", "agent-bystander", "client-bot", "client-bystander", "expiry-bot", "role-bot",
    ];

    /// <summary>Agents that may hold unbound (bearer) tokens.</summary>
    public static readonly string[] BearerAgents = ["bearer-bot", "bearer-high-bot"];

    public static ToolConfig Tickets(string upstream) => new()
    {
        Id = "tickets",
        Audience = TicketsAudience,
        Upstream = upstream,
        Risk = RiskTier.Medium,
        Actions =
        [
            new ActionConfig { Name = "tickets.list", Method = "GET", PathTemplate = "/tickets" },
            new ActionConfig { Name = "tickets.read", Method = "GET", PathTemplate = "/tickets/{id}" },
            new ActionConfig { Name = "tickets.search", Method = "GET", PathTemplate = "/tickets/search" },
            new ActionConfig { Name = "tickets.comments", Method = "GET", PathTemplate = "/tickets/{id}/comments" },
            new ActionConfig { Name = "tickets.files", Method = "GET", PathTemplate = "/files/{*rest}" },
            new ActionConfig { Name = "tickets.slow", Method = "GET", PathTemplate = "/slow/{id}" },
            new ActionConfig { Name = "tickets.write", Method = "POST", PathTemplate = "/tickets", Risk = RiskTier.High },
        ],
    };

    /// <summary>A low-risk tool that accepts unbound bearer tokens.</summary>
    public static ToolConfig Docs(string upstream) => new()
    {
        Id = "docs",
        Audience = DocsAudience,
        Upstream = upstream,
        Risk = RiskTier.Low,
        AllowBearer = true,
        Actions = [new ActionConfig { Name = "docs.read", Method = "GET", PathTemplate = "/docs/{id}" }],
    };

    /// <summary>A high-risk tool that declares allow_bearer, which its tier overrides: DPoP only.</summary>
    public static ToolConfig Vault(string upstream) => new()
    {
        Id = "vault",
        Audience = VaultAudience,
        Upstream = upstream,
        Risk = RiskTier.High,
        AllowBearer = true,
        Actions = [new ActionConfig { Name = "vault.read", Method = "GET", PathTemplate = "/secrets/{name}" }],
    };

    public static ToolConfig Limited(string upstream) => new()
    {
        Id = "limited",
        Audience = LimitedAudience,
        Upstream = upstream,
        Risk = RiskTier.Medium,
        RateLimit = new RateLimitConfig(3, TimeSpan.FromMinutes(1)),
        Actions = [new ActionConfig { Name = "limited.read", Method = "GET", PathTemplate = "/items/{id}" }],
    };

    /// <summary>A tool whose upstream port is closed.</summary>
    public static ToolConfig Offline(string deadUpstream) => new()
    {
        Id = "offline",
        Audience = OfflineAudience,
        Upstream = deadUpstream,
        Risk = RiskTier.Medium,
        Actions = [new ActionConfig { Name = "offline.read", Method = "GET", PathTemplate = "/status" }],
    };

    /// <summary>A tool that is not in the standard registry; tests add it at run time.</summary>
    public static ToolConfig Notes(string upstream) => new()
    {
        Id = "notes",
        Audience = NotesAudience,
        Upstream = upstream,
        Risk = RiskTier.Low,
        Actions = [new ActionConfig { Name = "notes.read", Method = "GET", PathTemplate = "/notes/{id}" }],
    };

    public static ReinConfig Standard(string upstream, string deadUpstream)
    {
        ToolConfig[] tools = [Tickets(upstream), Docs(upstream), Vault(upstream), Limited(upstream), Offline(deadUpstream)];
        return new ReinConfig
        {
            Tools = tools,
            Agents =
            [
                .. Agents.Select(id => Agent(id, tools, requireDpop: true)),
                .. BearerAgents.Select(id => Agent(id, tools, requireDpop: false)),
            ],
            Admins = [new AdminConfig { Id = AdminId, Credentials = [new PrivateKeyJwtCredential { JwksJson = TestKeys.Jwks(TestKeys.For(AdminId)) }] }],
        };
    }

    /// <summary>An agent bound to every action of <paramref name="tools"/>.</summary>
    public static AgentConfig Agent(string id, IEnumerable<ToolConfig> tools, bool requireDpop) => new()
    {
        Id = id,
        Owner = "alice@example.com",
        Purpose = "gateway end-to-end tests",
        Environment = "test",
        RequireDpop = requireDpop,
        Credentials = [new PrivateKeyJwtCredential { JwksJson = TestKeys.Jwks(TestKeys.For(id)) }],
        Tools = tools.ToDictionary(t => t.Id, t => (IReadOnlyList<string>)t.Actions.Select(a => a.Name).ToList()),
    };
}
