using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Rein.Core.Configuration;
using Rein.Jose;

namespace Rein.Broker.Tests.Infrastructure;

/// <summary>
/// The registry most tests run against: two tools of different risk, one agent per concern (so a test that changes
/// an agent's state owns that agent), an admin, and two trusted workload issuers.
/// </summary>
internal static class Scenario
{
    public const string TicketsAudience = "https://tickets.example.internal";
    public const string VaultAudience = "https://vault.example.internal";
    public const string DocsAudience = "https://docs.example.internal";
    public const string AdminId = "ops";

    public const string K8sIssuer = "https://kubernetes.default.svc";
    public const string K8sAudience = "rein";
    public const string K8sSubject = "system:serviceaccount:agents:k8s-bot";

    public const string SpiffeTrustDomain = "spiffe://example.org";
    public const string SpiffeId = "spiffe://example.org/ns/agents/sa/bot";
    public const string SpiffeAudience = "rein";

    /// <summary>The client secret of the agents that hold a client_secret_basic exception.</summary>
    public const string Secret = "s3cr3t-for-legacy-runtime-0123456789";

    /// <summary>The Kubernetes issuer signs with RS256, as a real cluster does.</summary>
    public static SigningKey K8sKey => TestKeys.For("k8s-issuer", JwsAlgorithms.RS256);

    public static SigningKey SpireKey => TestKeys.For("spire");

    public static ToolConfig Tickets => new()
    {
        Id = "tickets",
        Audience = TicketsAudience,
        Risk = RiskTier.Medium,
        Actions =
        [
            new ActionConfig { Name = "tickets.read", Method = "GET", PathTemplate = "/tickets/{id}" },
            new ActionConfig { Name = "tickets.write", Method = "POST", PathTemplate = "/tickets", Risk = RiskTier.High },
            new ActionConfig { Name = "tickets.delete", Method = "DELETE", PathTemplate = "/tickets/{id}", Risk = RiskTier.High },
        ],
    };

    public static ToolConfig Vault => new()
    {
        Id = "vault",
        Audience = VaultAudience,
        Risk = RiskTier.Critical,
        Actions = [new ActionConfig { Name = "vault.read", Method = "GET", PathTemplate = "/secrets/{name}" }],
    };

    public static ToolConfig Docs => new()
    {
        Id = "docs",
        Audience = DocsAudience,
        Risk = RiskTier.Low,
        Actions = [new ActionConfig { Name = "docs.read", Method = "GET", PathTemplate = "/docs/{id}" }],
    };

    public static AgentConfig KeyAgent(string id, bool requireDpop = true, DateOnly? reviewBy = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? tools = null) => new()
    {
        Id = id,
        Owner = "alice@example.com",
        Purpose = "end-to-end tests",
        Environment = "test",
        RequireDpop = requireDpop,
        ReviewBy = reviewBy,
        Credentials = [new PrivateKeyJwtCredential { JwksJson = TestKeys.Jwks(TestKeys.For(id)) }],
        Tools = tools ?? ReadTickets,
    };

    public static AgentConfig SecretAgent(string id, DateOnly expires, bool requireDpop) => new()
    {
        Id = id,
        Owner = "alice@example.com",
        RequireDpop = requireDpop,
        Credentials = [new ClientSecretCredential { SecretSha256 = SecretHash(Secret), Expires = expires }],
        Tools = ReadTickets,
    };

    public static AgentConfig WorkloadAgent(string id, string issuer, string subject) => new()
    {
        Id = id,
        Owner = "alice@example.com",
        Credentials = [new WorkloadCredential { Issuer = issuer, Subject = subject }],
        Tools = ReadTickets,
    };

    public static Dictionary<string, IReadOnlyList<string>> ReadTickets => new() { ["tickets"] = ["tickets.read"] };

    public static Dictionary<string, IReadOnlyList<string>> AllTools => new()
    {
        ["tickets"] = ["tickets.read", "tickets.write"],
        ["vault"] = ["vault.read"],
        ["docs"] = ["docs.read"],
    };

    public static AdminConfig Admin => new()
    {
        Id = AdminId,
        Credentials = [new PrivateKeyJwtCredential { JwksJson = TestKeys.Jwks(TestKeys.For(AdminId)) }],
    };

    public static string SecretHash(string secret) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static ReinConfig Standard(params AgentConfig[] extraAgents)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return new ReinConfig
        {
            Tools = [Tickets, Vault, Docs],
            Agents =
            [
                KeyAgent("bot", tools: AllTools),
                KeyAgent("other-bot"),
                KeyAgent("nodpop-bot", requireDpop: false),
                KeyAgent("suspend-bot"),
                KeyAgent("review-bot", reviewBy: new DateOnly(2020, 1, 1)),
                SecretAgent("basic-bot", today.AddYears(1), requireDpop: false),
                SecretAgent("basic-dpop-bot", today.AddYears(1), requireDpop: true),
                SecretAgent("basic-expired-bot", today.AddDays(-1), requireDpop: false),
                WorkloadAgent("k8s-bot", K8sIssuer, K8sSubject),
                WorkloadAgent("spiffe-bot", SpiffeTrustDomain, SpiffeId),
                .. extraAgents,
            ],
            Admins = [Admin],
            Trust =
            [
                new TrustConfig { Issuer = K8sIssuer, JwksJson = TestKeys.Jwks(K8sKey), Audience = K8sAudience },
                new TrustConfig { Issuer = SpiffeTrustDomain, JwksJson = TestKeys.Jwks(SpireKey), Audience = SpiffeAudience, Kind = "spiffe" },
            ],
        };
    }
}
