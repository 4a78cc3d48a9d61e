using System.Net;
using System.Text.Json.Nodes;
using Rein.Broker.Tests.Infrastructure;
using Rein.Core.Configuration;
using Rein.Jose;

namespace Rein.Broker.Tests.Clients;

/// <summary>A trusted issuer whose keys live at a jwks_uri served on loopback; the broker runs on a fake clock.</summary>
public sealed class JwksUriBroker : BrokerFixture
{
    public const string CiIssuer = "https://ci.example.internal";
    public const string CiSubject = "repo:example/agents:ref:refs/heads/main";
    public const string CiAudience = "rein-ci";

    internal JwksServer Jwks { get; private set; } = null!;

    internal static SigningKey Key1 => TestKeys.For("ci-1");
    internal static SigningKey Key2 => TestKeys.For("ci-2");

    public override async Task InitializeAsync()
    {
        Jwks = await JwksServer.StartAsync(TestKeys.Jwks(Key1));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Jwks.DisposeAsync();
    }

    internal override ReinConfig Configure() => Scenario.Standard(Scenario.WorkloadAgent("ci-bot", CiIssuer, CiSubject)) with
    {
        Trust = [new TrustConfig { Issuer = CiIssuer, JwksUri = Jwks.Uri.AbsoluteUri, Audience = CiAudience }],
    };

    internal override HostSettings Settings() => new() { Time = FakeClock.AtNoon() };
}

public sealed class JwksUriTrustTests(JwksUriBroker broker) : IClassFixture<JwksUriBroker>
{
    private BrokerHost Host => broker.Host;

    private string CiToken(SigningKey key)
    {
        var now = Host.NowSeconds;
        return Jws.Sign(key, BrokerHost.AssertionHeader(key), new JsonObject
        {
            ["iss"] = JwksUriBroker.CiIssuer,
            ["sub"] = JwksUriBroker.CiSubject,
            ["aud"] = JwksUriBroker.CiAudience,
            ["iat"] = now,
            ["exp"] = now + 300,
        });
    }

    private async Task<WireResponse> SendAsync(SigningKey issuerKey)
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var nonce = await Host.NonceAsync();
        return await Host.PostFormAsync(Host.TokenEndpoint, BrokerHost.ClientCredentials(CiToken(issuerKey)), [Host.Proof(dpopKey, nonce)]);
    }

    [Fact]
    public async Task Token_JwksUriIssuer_FetchesOnce_RefetchesOnUnknownKid_AndRateLimitsRefetches()
    {
        var jwks = broker.Jwks;
        using var unpublished = TestKeys.Fresh("ci-never-published");
        Assert.Equal(0, jwks.Requests);

        // First use fetches the issuer's keys; the next use is served from the cache.
        var first = WireAssert.TokenIssued(await SendAsync(JwksUriBroker.Key1), "DPoP");
        Assert.Equal("ci-bot", Jws.Payload(first.GetProperty("access_token").GetString()!).GetProperty("sub").GetString());
        Assert.Equal(1, jwks.Requests);
        WireAssert.TokenIssued(await SendAsync(JwksUriBroker.Key1), "DPoP");
        Assert.Equal(1, jwks.Requests);

        // The issuer rotates. Within 30 s of the last fetch an unknown kid does not trigger a fetch.
        jwks.Json = TestKeys.Jwks(JwksUriBroker.Key1, JwksUriBroker.Key2);
        WireAssert.OAuthError(await SendAsync(JwksUriBroker.Key2), HttpStatusCode.Unauthorized, "invalid_client");
        Assert.Equal(1, jwks.Requests);

        // Past the minimum interval, the unknown kid is looked up once and the rotated key is picked up.
        Host.FakeTime!.Advance(TimeSpan.FromSeconds(31));
        WireAssert.TokenIssued(await SendAsync(JwksUriBroker.Key2), "DPoP");
        Assert.Equal(2, jwks.Requests);
        WireAssert.TokenIssued(await SendAsync(JwksUriBroker.Key1), "DPoP");
        Assert.Equal(2, jwks.Requests);

        // A flood of tokens with kids the issuer never published costs at most one fetch per interval.
        for (var i = 0; i < 5; i++)
        {
            WireAssert.OAuthError(await SendAsync(unpublished), HttpStatusCode.Unauthorized, "invalid_client");
        }
        Assert.Equal(2, jwks.Requests);
        Host.FakeTime.Advance(TimeSpan.FromSeconds(31));
        for (var i = 0; i < 5; i++)
        {
            WireAssert.OAuthError(await SendAsync(unpublished), HttpStatusCode.Unauthorized, "invalid_client");
        }
        Assert.Equal(3, jwks.Requests);

        // The keys from the last good fetch stay in use.
        WireAssert.TokenIssued(await SendAsync(JwksUriBroker.Key2), "DPoP");
    }
}
