using System.Net;
using Rein.Client;
using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Revocation;

/// <summary>
/// The kill switch (DESIGN §4): from when <c>POST /admin/v1/agents/{id}/kill</c> returns, the agent's very next call
/// is refused and it gets no new token; a call already forwarded finishes; enabling it again does not revive old tokens.
/// </summary>
public sealed class KillSwitchTests : IClassFixture<GatewayFixture>
{
    private readonly GatewayHost _host;

    public KillSwitchTests(GatewayFixture fixture)
    {
        _host = fixture.Host;
        _host.Upstream.Clear();
    }

    [Fact]
    public async Task Gateway_KillSwitch_VeryNextCallIs401AndNewTokenIsRefused()
    {
        using var agent = await _host.AgentAsync("kill-bot");
        using var admin = await _host.AdminAsync();
        WireAssert.Forwarded(await agent.GetAsync("tickets", "/tickets/1"), "/tickets/1");

        await admin.KillAsync("kill-bot");
        var next = await agent.GetAsync("tickets", "/tickets/1");

        WireAssert.Unauthorized(next, "invalid_token");
        Assert.Equal("token has been revoked", WireAssert.Param(next.Header("WWW-Authenticate")!, "error_description"));
        Assert.Single(_host.Upstream.Requests);
        var refused = await Assert.ThrowsAsync<ReinClientException>(() => agent.Client.RequestTokenAsync(GatewayScenario.TicketsAudience, ["tickets.read"]));
        Assert.Equal(400, refused.Status);
        Assert.Equal("unauthorized_client", refused.Error);
    }

    [Fact]
    public async Task Gateway_KillSwitch_RequestAlreadyInFlightCompletesWith200()
    {
        using var agent = await _host.AgentAsync("inflight-bot", GatewayScenario.TicketsAudience, "tickets.read", "tickets.slow");
        using var admin = await _host.AdminAsync();
        var gate = _host.Upstream.Block("/slow/1");
        var inFlight = agent.GetAsync("tickets", "/slow/1");
        await gate.Arrived.WaitAsync(TimeSpan.FromSeconds(10));

        await admin.KillAsync("inflight-bot");
        var after = await agent.GetAsync("tickets", "/tickets/1");
        gate.Release();
        var completed = await inFlight.WaitAsync(TimeSpan.FromSeconds(10));

        WireAssert.Unauthorized(after, "invalid_token");
        WireAssert.Forwarded(completed, "/slow/1");
        Assert.Equal(["/slow/1"], _host.Upstream.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Gateway_EnableAfterKill_OldTokenStaysRefusedAndNewTokenWorks()
    {
        using var agent = await _host.AgentAsync("enable-bot");
        using var admin = await _host.AdminAsync();
        WireAssert.Forwarded(await agent.GetAsync("tickets", "/tickets/1"), "/tickets/1");
        await admin.KillAsync("enable-bot");

        await admin.EnableAsync("enable-bot");
        var old = await agent.GetAsync("tickets", "/tickets/2");
        using var fresh = await _host.AgentAsync("enable-bot");
        var renewed = await fresh.GetAsync("tickets", "/tickets/3");

        WireAssert.Unauthorized(old, "invalid_token");
        WireAssert.Forwarded(renewed, "/tickets/3");
        Assert.Equal(["/tickets/1", "/tickets/3"], _host.Upstream.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Gateway_KillSwitchForOneAgent_OtherAgentsAreUnaffected()
    {
        using var target = await _host.AgentAsync("agent-bystander");
        using var bystander = await _host.AgentAsync("other-bot");
        using var admin = await _host.AdminAsync();

        await admin.KillAsync("agent-bystander");

        WireAssert.Unauthorized(await target.GetAsync("tickets", "/tickets/1"), "invalid_token");
        WireAssert.Forwarded(await bystander.GetAsync("tickets", "/tickets/2"), "/tickets/2");
        Assert.Equal(["/tickets/2"], _host.Upstream.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Gateway_KillUnknownAgent_Returns404Problem()
    {
        using var admin = await _host.AdminAsync();

        var response = await admin.PostJsonAsync("/admin/v1/agents/no-such-bot/kill", "{}");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
    }
}
