using System.Globalization;
using System.Net;
using System.Text;
using Rein.Core.Configuration;
using Rein.Core.Policies;

namespace Rein.Benchmarks;

/// <summary>
/// A workload in Rein's own entity model (docs/policy.md), for timing <see cref="PolicyEngine.Authorize"/>, the call
/// the gateway makes on every request: 50 tools of 5 actions each, 200 agents, the guards of
/// <c>samples/policies/</c>, a few kill switches and per-agent grants with conditions on the agent and the call's
/// context, <see cref="PolicyCount"/> policies in all; 512 calls, mostly by an agent some grant names.
/// Deterministic: the same seed gives the same workload.
/// </summary>
internal sealed class ReinPolicyWorkload
{
    public const int PolicyCount = 1_000;
    private const int Tools = 50;
    private const int Agents = 200;
    private const int KillSwitches = 5;
    private const int GuardCount = 5;

    private static readonly (string Verb, string Method, RiskTier? Risk)[] Verbs =
    [
        ("read", "GET", RiskTier.Low), ("list", "GET", RiskTier.Low), ("write", "POST", null),
        ("delete", "DELETE", RiskTier.High), ("admin", "POST", RiskTier.Critical),
    ];

    private static readonly string[] Environments = ["prod", "staging", "dev"];

    private static readonly string[] GrantConditions =
    [
        "context.assurance == \"normal\"",
        "principal has environment && principal.environment != \"dev\"",
        "context.stage == \"call\" && context.time < datetime(\"2030-01-01T00:00:00Z\")",
        "context has client_ip && context.client_ip.isInRange(ip(\"10.0.0.0/8\"))",
        "context.delegated || principal.owner like \"team-*\"",
    ];

    // The guards of samples/policies/ (the blanket permit there is replaced by the grants).
    private const string Guards = """
        @id("prod-critical-needs-approval")
        forbid (principal is Rein::Agent, action in Rein::Action::"risk:critical", resource)
        when { principal has environment && principal.environment == "prod" && !context.approval };

        @id("prod-critical-tool-needs-approval")
        forbid (principal is Rein::Agent, action, resource is Rein::Tool)
        when { resource.risk == "critical" && principal has environment && principal.environment == "prod" && !context.approval };

        @id("read-only-when-assurance-dropped")
        forbid (principal, action, resource)
        when { context.assurance == "reduced" }
        unless { action in Rein::Action::"method:GET" || action in Rein::Action::"method:HEAD" };

        @id("deny-non-compliant-device")
        forbid (principal, action, resource)
        when { !context.device_compliant };

        @id("high-risk-low-actions-only")
        forbid (principal, action, resource)
        when { context.risk_level == "high" }
        unless { action in Rein::Action::"risk:low" };

        """;

    private ReinPolicyWorkload(ReinConfig registry, string policies, Call[] calls)
    {
        Registry = registry;
        PolicyText = policies;
        Calls = calls;
    }

    /// <summary>The tools and agents, as <c>rein.yaml</c> would declare them.</summary>
    public ReinConfig Registry { get; }

    /// <summary>The policies, one <c>.cedar</c> file's worth.</summary>
    public string PolicyText { get; }

    public Call[] Calls { get; }

    public static ReinPolicyWorkload Create(int seed = 7)
    {
        var random = new Random(seed);
        var risks = Enum.GetValues<RiskTier>();
        var tools = Enumerable.Range(0, Tools).Select(t => new ToolConfig
        {
            Id = $"tool-{t}",
            Audience = $"https://tool-{t}.example.internal",
            Risk = risks[t % risks.Length],
            Actions = [.. Verbs.Select(v => new ActionConfig { Name = $"tool-{t}.{v.Verb}", Method = v.Method, PathTemplate = "/" + v.Verb, Risk = v.Risk })],
        }).ToArray();
        var agents = Enumerable.Range(0, Agents).Select(a => new AgentConfig
        {
            Id = $"agent-{a}",
            Owner = $"team-{random.Next(10)}",
            Environment = Environments[random.Next(Environments.Length)],
            Purpose = "benchmark",
            Credentials = [],
            Tools = new Dictionary<string, IReadOnlyList<string>>(),
        }).ToArray();

        var text = new StringBuilder(Guards);
        for (var k = 0; k < KillSwitches; k++)
        {
            text.Append(CultureInfo.InvariantCulture, $"@id(\"kill-{k}\")\nforbid (principal == Rein::Agent::\"agent-{random.Next(Agents)}\", action, resource);\n\n");
        }

        var grants = new List<(int Agent, int Tool)>();
        for (var i = GuardCount + KillSwitches; i < PolicyCount; i++)
        {
            var (agent, tool) = (random.Next(Agents), random.Next(Tools));
            grants.Add((agent, tool));
            var actions = random.Next(3) == 0
                ? $"action in Rein::Action::\"tool:tool-{tool}\""
                : $"action in [{string.Join(", ", Verbs.Where(_ => random.Next(2) == 0).DefaultIfEmpty(Verbs[0]).Select(v => $"Rein::Action::\"tool-{tool}.{v.Verb}\""))}]";
            text.Append(CultureInfo.InvariantCulture,
                $"@id(\"grant-{i}\")\npermit (principal == Rein::Agent::\"agent-{agent}\", {actions}, resource == Rein::Tool::\"tool-{tool}\")\nwhen {{ {GrantConditions[random.Next(GrantConditions.Length)]} }};\n\n");
        }

        var now = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var calls = new Call[512];
        for (var i = 0; i < calls.Length; i++)
        {
            var (agent, tool) = random.NextDouble() < 0.8 ? grants[random.Next(grants.Count)] : (random.Next(Agents), random.Next(Tools));
            var verb = Verbs[random.Next(Verbs.Length)];
            calls[i] = new Call($"agent-{agent}", tools[tool], $"tool-{tool}.{verb.Verb}", verb.Risk ?? tools[tool].Risk, new PolicyContext
            {
                Stage = "call",
                Time = now.AddSeconds(i),
                ClientIp = IPAddress.Parse(random.Next(4) == 0 ? "192.168.1.9" : "10.1.2.3"),
                Assurance = random.NextDouble() < 0.9 ? "normal" : "reduced",
                DeviceCompliant = random.NextDouble() < 0.95,
                RiskLevel = random.NextDouble() < 0.9 ? "low" : "high",
                Delegated = random.Next(2) == 0,
                Approval = random.NextDouble() < 0.2,
            });
        }

        return new ReinPolicyWorkload(new ReinConfig { Tools = tools, Agents = agents }, text.ToString(), calls);
    }

    /// <summary>One gateway call as <see cref="PolicyEngine.Authorize"/> receives it.</summary>
    public sealed record Call(string AgentId, ToolConfig Tool, string Action, RiskTier ActionRisk, PolicyContext Context);
}
