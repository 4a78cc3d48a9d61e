using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Revocation;

/// <summary>
/// <c>POST /admin/v1/revocations</c> by subject (DESIGN §4: jti, sid, agent, client): the matching token is refused
/// on its next request even though the gateway cached it as valid; tokens of other subjects are unaffected; a token
/// issued after the revocation works.
/// </summary>
public sealed class RevocationTests : IClassFixture<GatewayFixture>
{
    private readonly GatewayHost _host;

    public RevocationTests(GatewayFixture fixture)
    {
        _host = fixture.Host;
        _host.Upstream.Clear();
    }

    [Theory]
    [InlineData("jti")]
    [InlineData("sid")]
    [InlineData("agent")]
    [InlineData("client")]
    public async Task Gateway_RevokedSubject_MatchingTokenRefusedOnNextRequestOthersUnaffected(string kind)
    {
        using var admin = await _host.AdminAsync();
        using var target = await _host.AgentAsync(kind + "-bot");
        // jti: another token of the same instance; sid: another instance (DPoP key) of the same agent;
        // agent and client: another agent.
        using var bystander = kind switch
        {
            "jti" => await _host.SameInstanceAsync(target),
            "sid" => await _host.AgentAsync(kind + "-bot"),
            _ => await _host.AgentAsync(kind + "-bystander"),
        };
        Assert.Equal(kind == "jti", bystander.SessionId == target.SessionId);
        // Warm the validated-token cache for both: revocation must not hide behind it.
        WireAssert.Forwarded(await target.GetAsync("tickets", "/tickets/1"), "/tickets/1");
        WireAssert.Forwarded(await bystander.GetAsync("tickets", "/tickets/2"), "/tickets/2");

        await admin.RevokeAsync(kind switch
        {
            "jti" => "jti:" + target.JwtId,
            "sid" => "sid:" + target.SessionId,
            "agent" => "agent:" + target.AgentId,
            _ => "client:" + target.AgentId,
        });
        var refused = await target.GetAsync("tickets", "/tickets/3");
        var unaffected = await bystander.GetAsync("tickets", "/tickets/4");
        using var renewed = await _host.SameInstanceAsync(target);
        var afterRenewal = await renewed.GetAsync("tickets", "/tickets/5");

        WireAssert.Unauthorized(refused, "invalid_token");
        WireAssert.Forwarded(unaffected, "/tickets/4");
        WireAssert.Forwarded(afterRenewal, "/tickets/5");
        Assert.Equal(["/tickets/1", "/tickets/2", "/tickets/4", "/tickets/5"], _host.Upstream.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Gateway_RevokedSession_EveryTokenOfThatSessionIsRefused()
    {
        using var admin = await _host.AdminAsync();
        using var first = await _host.AgentAsync("sid-bot");
        using var second = await _host.SameInstanceAsync(first, GatewayScenario.DocsAudience, "docs.read");
        Assert.Equal(first.SessionId, second.SessionId);

        await admin.RevokeAsync("sid:" + first.SessionId);

        WireAssert.Unauthorized(await first.GetAsync("tickets", "/tickets/1"), "invalid_token");
        WireAssert.Unauthorized(await second.GetAsync("docs", "/docs/1"), "invalid_token");
        Assert.Empty(_host.Upstream.Requests);
    }

    [Fact]
    public async Task Gateway_ValidatedTokenCache_DoesNotHideRevocation()
    {
        using var admin = await _host.AdminAsync();
        using var agent = await _host.AgentAsync("cache-bot");
        WireAssert.Forwarded(await agent.GetAsync("tickets", "/tickets/1"), "/tickets/1");
        WireAssert.Forwarded(await agent.GetAsync("tickets", "/tickets/1"), "/tickets/1");

        await admin.RevokeAsync("jti:" + agent.JwtId);
        var response = await agent.GetAsync("tickets", "/tickets/1");

        WireAssert.Unauthorized(response, "invalid_token");
        Assert.Equal(2, _host.Upstream.Requests.Count);
    }
}
