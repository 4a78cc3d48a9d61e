using System.Net;
using System.Text.Json;
using Rein.Broker.Tests.Infrastructure;

namespace Rein.Broker.Tests.Delegation;

/// <summary>
/// Lineage revocation at the broker: revoking the person (<c>user:ISS|SUB</c>), an agent anywhere in the chain, or the
/// grant kills every delegated token that descends from it (introspection says inactive) and stops new ones.
/// </summary>
public sealed class DelegationRevocationTests(DelegationBroker broker) : IClassFixture<DelegationBroker>
{
    private BrokerHost Host => broker.Host;

    private async Task<bool> ActiveAsync(string token) => (await Host.IntrospectAsync(token)).Json.GetProperty("active").GetBoolean();

    private async Task RevokeAsync(string subject)
    {
        using var admin = await Host.AdminAsync();
        var response = await admin.PostJsonAsync("/admin/v1/revocations", JsonSerializer.Serialize(new { subject, reason = "test" }));
        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task RevokedPerson_EveryHopDiesAndTheirOldIdpTokenIsRefused()
    {
        using var keyA = TestKeys.Fresh();
        using var keyB = TestKeys.Fresh();
        var userToken = Exchange.UserToken(Host, "carol");
        await CreateGrantAsync("g-carol-a", "carol", "revoke-user-a");
        await CreateGrantAsync("g-carol-b", "carol", "revoke-user-b");
        var first = await Exchange.TokenAsync(Host, "revoke-user-a", userToken, keyA);
        var second = await Exchange.TokenAsync(Host, "revoke-user-b", first, keyB, Exchange.AccessTokenType);
        var alicesToken = await Exchange.TokenAsync(Host, "revoke-user-a", Exchange.UserToken(Host), keyA);

        await RevokeAsync($"user:{DelegationScenario.IdpIssuer}|carol");

        Assert.False(await ActiveAsync(first));
        Assert.False(await ActiveAsync(second));
        Assert.True(await ActiveAsync(alicesToken));
        var again = await Exchange.PostAsync(Host, Exchange.Form(Host, "revoke-user-a", userToken), keyA);
        WireAssert.OAuthError(again, HttpStatusCode.BadRequest, "invalid_request");
        // A token the IdP issues after the revocation (the person signed in again) is accepted.
        var renewed = Exchange.UserToken(Host, "carol", c => c["iat"] = Host.NowSeconds + 1);
        Assert.True(await ActiveAsync(await Exchange.TokenAsync(Host, "revoke-user-a", renewed, keyA)));
    }

    [Fact]
    public async Task KilledAgentInTheChain_EveryDescendantDies()
    {
        using var keyA = TestKeys.Fresh();
        using var keyB = TestKeys.Fresh();
        var first = await Exchange.TokenAsync(Host, "kill-a", Exchange.UserToken(Host), keyA);
        var second = await Exchange.TokenAsync(Host, "kill-b", first, keyB, Exchange.AccessTokenType);

        using (var admin = await Host.AdminAsync())
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/admin/v1/agents/kill-a/kill", "{}")).Status);
        }

        Assert.False(await ActiveAsync(first));
        Assert.False(await ActiveAsync(second));
        var extend = await Exchange.PostAsync(Host, Exchange.Form(Host, "kill-b", first, Exchange.AccessTokenType), keyB);
        WireAssert.OAuthError(extend, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task RevokedActorToken_AcceptedBefore_IsRefusedOnTheNextExchange()
    {
        // The agent's own token as actor_token is verified once and then found in the validated-token cache; revoking
        // it must still stop the very next exchange that presents it.
        using var dpop = TestKeys.Fresh();
        var own = await Exchange.OwnTokenAsync(Host, "actor-bot", dpop);
        var form = Exchange.Form(Host, "actor-bot", Exchange.UserToken(Host), actorToken: own, actorTokenType: Exchange.JwtType);
        WireAssert.TokenIssued(await Exchange.PostAsync(Host, form, dpop), "DPoP");

        await RevokeAsync("jti:" + Exchange.Claim(own, "jti"));

        var again = Exchange.Form(Host, "actor-bot", Exchange.UserToken(Host), actorToken: own, actorTokenType: Exchange.JwtType);
        var refused = await Exchange.PostAsync(Host, again, dpop);
        WireAssert.OAuthError(refused, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("actor token is invalid", refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedGrant_ItsTokensDieAndNoNewOneIsIssued()
    {
        using var dpop = TestKeys.Fresh();
        var token = await Exchange.TokenAsync(Host, "revoke-grant-bot", Exchange.UserToken(Host), dpop);

        using var admin = await Host.AdminAsync();
        var revoked = await admin.PostJsonAsync("/admin/v1/grants/g-revoke-grant-bot/revoke", """{"reason":"task done"}""");

        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        Assert.Equal("revoked", revoked.Json.GetProperty("status").GetString());
        Assert.Equal("config", revoked.Json.GetProperty("source").GetString());
        Assert.False(await ActiveAsync(token));
        var again = await Exchange.PostAsync(Host, Exchange.Form(Host, "revoke-grant-bot", Exchange.UserToken(Host)), dpop);
        var json = WireAssert.OAuthError(again, HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal("the delegation grant has been revoked", json.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task RevocationByGrantKey_KillsIssuedTokensButTheGrantStaysUsable()
    {
        using var dpop = TestKeys.Fresh();
        var token = await Exchange.TokenAsync(Host, "helper", Exchange.UserToken(Host), dpop);

        await RevokeAsync("grant:g-helper");

        Assert.False(await ActiveAsync(token));
        Assert.True(await ActiveAsync(await Exchange.TokenAsync(Host, "helper", Exchange.UserToken(Host, edit: c => c["iat"] = Host.NowSeconds + 1), dpop)));
    }

    private async Task CreateGrantAsync(string id, string user, string agent)
    {
        using var admin = await Host.AdminAsync();
        var body = JsonSerializer.Serialize(new
        {
            id,
            user = new { issuer = DelegationScenario.IdpIssuer, subject = user },
            agent,
            tools = new Dictionary<string, string[]> { ["tickets"] = ["tickets.read"] },
            until = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        });
        var response = await admin.PostJsonAsync("/admin/v1/grants", body);
        Assert.True(response.Status == HttpStatusCode.Created, response.Body);
    }
}
