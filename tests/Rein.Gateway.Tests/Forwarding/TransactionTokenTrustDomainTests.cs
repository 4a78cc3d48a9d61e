using Rein.Core.Configuration;
using Rein.Core.Transactions;
using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Forwarding;

/// <summary><c>transaction_tokens</c> in the config: the trust domain is the token's audience, the lifetime its life.</summary>
public sealed class TransactionTokenTrustDomainTests
{
    [Fact]
    public async Task Gateway_ConfiguredTrustDomainAndLifetime_AreWhatTheUpstreamReceives()
    {
        await using var host = await GatewayHost.StartAsync(new HostSettings
        {
            Customize = config => config with
            {
                TransactionTokens = new TransactionTokenConfig { TrustDomain = "trust-domain.example", Lifetime = TimeSpan.FromSeconds(20) },
            },
        });
        using var keys = new RemoteJsonWebKeySet(host.Http, new Uri(host.Issuer + "/.well-known/txn-token-jwks.json"));
        using var agent = await host.AgentAsync("bot");

        WireAssert.Forwarded(await agent.GetAsync("tickets", "/tickets/3"), "/tickets/3");

        var token = Assert.Single(Assert.Single(host.Upstream.Requests).Values("Txn-Token"));
        var inDomain = await new TransactionTokenValidator(new TransactionTokenValidatorOptions
        {
            TrustDomain = "trust-domain.example",
            Keys = keys.Resolve,
            RefreshKeys = keys.RefreshAsync,
        }).ValidateAsync(token, CancellationToken.None);
        Assert.True(inDomain.IsValid, inDomain.ErrorDescription);
        Assert.Equal(TimeSpan.FromSeconds(20), inDomain.Token!.ExpiresAt - inDomain.Token.IssuedAt);
        Assert.Equal(host.Issuer, inDomain.Token.Issuer);

        var elsewhere = new TransactionTokenValidator(new TransactionTokenValidatorOptions { TrustDomain = host.Issuer, Keys = keys.Resolve }).Validate(token);
        Assert.Equal(TransactionTokenError.InvalidClaims, elsewhere.Error);
    }
}
