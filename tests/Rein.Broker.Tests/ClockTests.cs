using System.Net;
using Rein.Broker.Tests.Infrastructure;
using Rein.Core.Configuration;

namespace Rein.Broker.Tests;

/// <summary>The standard scenario on a fake clock that tests move forward (never back).</summary>
public sealed class FakeClockBroker : BrokerFixture
{
    internal override HostSettings Settings() => new() { Time = FakeClock.AtNoon() };
}

/// <summary>Everything that expires, expiring: access tokens, assertions, proofs, server nonces.</summary>
public sealed class ClockTests(FakeClockBroker broker) : IClassFixture<FakeClockBroker>
{
    private BrokerHost Host => broker.Host;

    private void Advance(TimeSpan by) => Host.FakeTime!.Advance(by);

    [Fact]
    public async Task Introspect_ExpiredToken_ReturnsInactive()
    {
        var token = await Host.TokenAsync("bot");
        Assert.True((await Host.IntrospectAsync(token)).Json.GetProperty("active").GetBoolean());

        Advance(TimeSpan.FromSeconds(300 + 31));

        var response = await Host.IntrospectAsync(token);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("""{"active":false}""", response.Body);
    }

    [Fact]
    public async Task Introspect_TokenJustBeforeExpiry_IsActive()
    {
        var token = await Host.TokenAsync("bot");

        Advance(TimeSpan.FromSeconds(299));

        Assert.True((await Host.IntrospectAsync(token)).Json.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Token_ProofThatAgedPastTheWindow_ReturnsInvalidDPoPProof()
    {
        using var key = TestKeys.Fresh("dpop");
        var proof = Host.Proof(key, await Host.NonceAsync());

        Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        var response = await Host.PostFormAsync(Host.TokenEndpoint, BrokerHost.ClientCredentials(Host.Assertion("bot")), [proof]);
        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_dpop_proof");
    }

    [Fact]
    public async Task Token_ProofFromAFastClock_ReturnsInvalidDPoPProof()
    {
        using var key = TestKeys.Fresh("dpop");
        var nonce = await Host.NonceAsync();
        var claims = Host.ProofClaims(nonce);
        claims["iat"] = Host.NowSeconds + 10;

        var response = await Host.PostFormAsync(Host.TokenEndpoint, BrokerHost.ClientCredentials(Host.Assertion("bot")),
            [Jws.Sign(key, BrokerHost.ProofHeader(key), claims)]);

        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "invalid_dpop_proof");
    }

    [Fact]
    public async Task Token_ExpiredServerNonce_ReturnsUseDPoPNonceWithANewNonce()
    {
        using var key = TestKeys.Fresh("dpop");
        var old = await Host.NonceAsync();

        Advance(TimeSpan.FromMinutes(5));

        var response = await Host.PostFormAsync(Host.TokenEndpoint, BrokerHost.ClientCredentials(Host.Assertion("bot")), [Host.Proof(key, old)]);
        WireAssert.OAuthError(response, HttpStatusCode.BadRequest, "use_dpop_nonce");
        var fresh = response.Header("DPoP-Nonce");
        Assert.NotNull(fresh);
        Assert.NotEqual(old, fresh);

        var retry = await Host.PostFormAsync(Host.TokenEndpoint, BrokerHost.ClientCredentials(Host.Assertion("bot")), [Host.Proof(key, fresh)]);
        WireAssert.TokenIssued(retry, "DPoP");
    }

    [Fact]
    public async Task Token_ServerNonceWithinItsLifetime_IsAccepted()
    {
        using var key = TestKeys.Fresh("dpop");
        var nonce = await Host.NonceAsync();

        Advance(TimeSpan.FromSeconds(90));

        var response = await Host.PostFormAsync(Host.TokenEndpoint, BrokerHost.ClientCredentials(Host.Assertion("bot")), [Host.Proof(key, nonce)]);
        WireAssert.TokenIssued(response, "DPoP");
    }

    [Fact]
    public async Task Token_AssertionThatExpiredInTransit_ReturnsInvalidClient()
    {
        using var key = TestKeys.Fresh("dpop");
        var assertion = Host.Assertion("bot"); // exp = now + 60 s, 30 s skew

        Advance(TimeSpan.FromSeconds(91));

        var response = await Host.PostFormAsync(Host.TokenEndpoint, BrokerHost.ClientCredentials(assertion), [Host.Proof(key, await Host.NonceAsync())]);
        WireAssert.OAuthError(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task Token_IssuedOnTheFakeClock_CarriesFakeIatAndExp()
    {
        var claims = Jws.Payload(await Host.TokenAsync("bot"));

        Assert.Equal(Host.NowSeconds, claims.GetProperty("iat").GetInt64());
        Assert.Equal(Host.NowSeconds + 300, claims.GetProperty("exp").GetInt64());
    }
}

/// <summary>A fake clock two minutes before midnight, for date-based rules; the only test on this host crosses midnight.</summary>
public sealed class CalendarBroker : BrokerFixture
{
    private static readonly DateTimeOffset Start = FakeClock.BeforeMidnight;
    internal static readonly DateOnly Today = DateOnly.FromDateTime(Start.UtcDateTime);

    internal override ReinConfig Configure() => Scenario.Standard(
        Scenario.KeyAgent("review-today-bot", reviewBy: Today),
        Scenario.SecretAgent("secret-today-bot", expires: Today, requireDpop: false));

    internal override HostSettings Settings() => new() { Time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start) };
}

public sealed class CalendarTests(CalendarBroker broker) : IClassFixture<CalendarBroker>
{
    [Fact]
    public async Task Token_ReviewDateAndSecretExpiry_TakeEffectTheDayAfter()
    {
        var host = broker.Host;
        using var dpopKey = TestKeys.Fresh("dpop");
        var basic = BrokerHost.Basic("secret-today-bot", Scenario.Secret);

        // On the day itself both still work (the review date and the exception's expiry date are inclusive).
        WireAssert.TokenIssued(await host.RequestTokenAsync("review-today-bot", dpopKey), "DPoP");
        WireAssert.TokenIssued(await host.PostFormAsync(host.TokenEndpoint, BrokerHost.ClientCredentials(null), authorization: basic), "Bearer");

        host.FakeTime!.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(CalendarBroker.Today.AddDays(1), DateOnly.FromDateTime(host.Time.GetUtcNow().UtcDateTime));

        WireAssert.OAuthError(await host.RequestTokenAsync("review-today-bot", dpopKey), HttpStatusCode.BadRequest, "unauthorized_client");
        var expired = await host.PostFormAsync(host.TokenEndpoint, BrokerHost.ClientCredentials(null), authorization: basic);
        WireAssert.OAuthError(expired, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.StartsWith("Basic", expired.Header("WWW-Authenticate"), StringComparison.Ordinal);
    }
}
