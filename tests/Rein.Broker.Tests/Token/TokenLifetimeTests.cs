using Rein.Broker.Tests.Infrastructure;
using Rein.Core.Configuration;

namespace Rein.Broker.Tests.Token;

/// <summary>A broker whose default lifetime (15 min) is above every cap, so each risk tier's cap shows on the wire.</summary>
public sealed class LongLifetimeBroker : BrokerFixture
{
    internal override ReinConfig Configure() => Scenario.Standard();

    internal override HostSettings Settings() => new() { Broker = new Rein.Broker.BrokerOptions { DefaultTokenLifetime = TimeSpan.FromMinutes(15) } };
}

public sealed class TokenLifetimeTests(LongLifetimeBroker broker) : IClassFixture<LongLifetimeBroker>
{
    [Theory]
    [InlineData(Scenario.DocsAudience, "docs.read", 900)]                      // low tool: 15 min
    [InlineData(Scenario.TicketsAudience, "tickets.read", 600)]                // medium tool: 10 min
    [InlineData(Scenario.TicketsAudience, "tickets.read tickets.write", 300)]  // a granted high-risk action: 5 min
    [InlineData(Scenario.TicketsAudience, "tickets.read tickets.delete", 600)] // a high-risk action asked for but not granted does not count
    [InlineData(Scenario.VaultAudience, "vault.read", 120)]                    // critical tool: 2 min
    public async Task Token_Lifetime_IsCappedByTheRiskOfWhatIsGranted(string resource, string scope, int expected)
    {
        using var dpopKey = TestKeys.Fresh("dpop");

        var json = WireAssert.TokenIssued(await broker.Host.RequestTokenAsync("bot", dpopKey, resource, scope), "DPoP");

        Assert.Equal(expected, json.GetProperty("expires_in").GetInt32());
        var claims = Jws.Payload(json.GetProperty("access_token").GetString()!);
        Assert.Equal(expected, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
    }
}
