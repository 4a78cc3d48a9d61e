using System.Net;
using Rein.Broker.Tests.Infrastructure;
using Rein.Core.Configuration;

namespace Rein.Broker.Tests.Token;

/// <summary>The standard scenario on a fake clock, with 30 s transaction tokens.</summary>
public sealed class FakeClockTransactionBroker : BrokerFixture
{
    internal override ReinConfig Configure() => Scenario.Standard() with
    {
        TransactionTokens = new TransactionTokenConfig { Lifetime = TimeSpan.FromSeconds(30) },
    };

    internal override HostSettings Settings() => new() { Time = FakeClock.AtNoon() };
}

/// <summary>
/// The draft forbids a transaction token for a subject token whose expiry has passed: the TTS refuses from the second
/// of <c>exp</c>, even inside the clock skew other checks allow. The configured lifetime applies.
/// </summary>
public sealed class TransactionTokenExpiryTests(FakeClockTransactionBroker broker) : IClassFixture<FakeClockTransactionBroker>
{
    private BrokerHost Host => broker.Host;

    private async Task<WireResponse> ExchangeAsync(string accessToken, Rein.Jose.SigningKey dpopKey) =>
        await Host.PostFormAsync(Host.TokenEndpoint, new Form
        {
            { "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange" },
            { "requested_token_type", "urn:ietf:params:oauth:token-type:txn_token" },
            { "subject_token", accessToken },
            { "subject_token_type", "urn:ietf:params:oauth:token-type:access_token" },
            { "audience", Host.Issuer },
            { "scope", "tickets.read" },
            { "client_assertion_type", BrokerHost.JwtBearer },
            { "client_assertion", Host.Assertion("bot") },
        }, [Host.Proof(dpopKey, await Host.NonceAsync())]);

    [Fact]
    public async Task Tts_ConfiguredLifetime_IsTheTransactionTokensLifetime()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var accessToken = WireAssert.TokenIssued(await Host.RequestTokenAsync("bot", dpopKey), "DPoP").GetProperty("access_token").GetString()!;

        var response = await ExchangeAsync(accessToken, dpopKey);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(30, response.Json.GetProperty("expires_in").GetInt32());
        var claims = Jws.Payload(response.Json.GetProperty("access_token").GetString()!);
        Assert.Equal(30, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task Tts_SubjectTokenPastExpiryButWithinSkew_ReturnsInvalidRequest()
    {
        using var dpopKey = TestKeys.Fresh("dpop");
        var accessToken = WireAssert.TokenIssued(await Host.RequestTokenAsync("bot", dpopKey), "DPoP").GetProperty("access_token").GetString()!;
        var lifetime = Jws.Payload(accessToken).GetProperty("exp").GetInt64() - Jws.Payload(accessToken).GetProperty("iat").GetInt64();

        Host.FakeTime!.Advance(TimeSpan.FromSeconds(lifetime - 1));
        Assert.Equal(HttpStatusCode.OK, (await ExchangeAsync(accessToken, dpopKey)).Status);
        Host.FakeTime.Advance(TimeSpan.FromSeconds(11));
        var response = await ExchangeAsync(accessToken, dpopKey);

        var json = WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal("subject_token has expired", json.GetProperty("error_description").GetString());
    }
}
