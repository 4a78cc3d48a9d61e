using Rein.Core.Configuration;
using Rein.Gateway.Tests.Infrastructure;
using Rein.Jose;

namespace Rein.Gateway.Tests.Delegation;

/// <summary>
/// The standard gateway registry plus the organisation's IdP (a <c>trust</c> entry of kind user), agents that act for
/// people in chains, and the people's grants.
/// </summary>
public sealed class DelegationGatewayFixture : IAsyncLifetime
{
    public const string IdpIssuer = "https://idp.example.com";
    public const string IdpAudience = "rein";

    /// <summary>Agents people delegated to (every action of the tickets tool), by what the test uses them for.</summary>
    public static readonly string[] Agents = ["deleg-a", "deleg-b", "deleg-c", "flight-a", "flight-b", "bystander-a"];

    /// <summary>People who delegated to every agent; each test that revokes a person uses its own.</summary>
    public static readonly string[] People = ["alice", "bob", "carol", "dave", "erin"];

    private GatewayHost? _host;

    internal GatewayHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    internal static SigningKey IdpKey => TestKeys.For("idp");

    public async Task InitializeAsync() => _host = await GatewayHost.StartAsync(new HostSettings { Customize = Customize });

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    private static ReinConfig Customize(ReinConfig config)
    {
        var tickets = config.Tools.First(t => t.Id == "tickets");
        GrantConfig Grant(string agent, string user) => new()
        {
            Id = $"g-{user}-{agent}",
            UserIssuer = IdpIssuer,
            UserSubject = user,
            Agent = agent,
            Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = tickets.Actions.Select(a => a.Name).ToList() },
            Until = DateTimeOffset.UtcNow.AddDays(1),
        };
        return config with
        {
            Agents = [.. config.Agents, .. Agents.Select(id => GatewayScenario.Agent(id, config.Tools, requireDpop: true))],
            Trust = [.. config.Trust, new TrustConfig { Issuer = IdpIssuer, JwksJson = TestKeys.Jwks(IdpKey), Audience = IdpAudience, Kind = "user" }],
            Grants = [.. People.SelectMany(person => Agents.Select(a => Grant(a, person)))],
        };
    }

    /// <summary>The person's token from the IdP, issued now, valid an hour.</summary>
    internal string UserToken(string subject)
    {
        var now = Host.Time.GetUtcNow().ToUnixTimeSeconds();
        return JwtWriter.Write(IdpKey, "JWT", (subject, now), static (w, s) =>
        {
            w.WriteString("iss"u8, IdpIssuer);
            w.WriteString("sub"u8, s.subject);
            w.WriteString("aud"u8, IdpAudience);
            w.WriteNumber("iat"u8, s.now);
            w.WriteNumber("exp"u8, s.now + 3600);
        });
    }
}
