using Microsoft.Extensions.Time.Testing;
using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Authentication;

/// <summary>Token lifetime on a fake clock: valid until exp (plus the validator's 30 s skew), refused after.</summary>
public sealed class ExpiryTests
{
    private static FakeTimeProvider Clock() => new(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero));

    [Fact]
    public async Task Gateway_ExpiredToken_Returns401InvalidTokenEvenAfterBeingCached()
    {
        var clock = Clock();
        await using var host = await GatewayHost.StartAsync(new HostSettings { Time = clock });
        using var agent = await host.AgentAsync("expiry-bot");
        var lifetime = Jwt.Payload(agent.Token).GetProperty("exp").GetInt64() - Jwt.Payload(agent.Token).GetProperty("iat").GetInt64();
        WireAssert.Forwarded(await agent.GetAsync("tickets", "/tickets/1"), "/tickets/1");

        clock.Advance(TimeSpan.FromSeconds(lifetime) + TimeSpan.FromSeconds(31));
        host.Upstream.Clear();
        var response = await agent.GetAsync("tickets", "/tickets/1");

        WireAssert.Unauthorized(response, "invalid_token");
        Assert.Empty(host.Upstream.Requests);
    }

    [Fact]
    public async Task Gateway_ExpiredTokenNeverSeenBefore_Returns401InvalidToken()
    {
        var clock = Clock();
        await using var host = await GatewayHost.StartAsync(new HostSettings { Time = clock });
        using var agent = await host.AgentAsync("expiry-bot");
        var lifetime = Jwt.Payload(agent.Token).GetProperty("exp").GetInt64() - Jwt.Payload(agent.Token).GetProperty("iat").GetInt64();

        clock.Advance(TimeSpan.FromSeconds(lifetime) + TimeSpan.FromSeconds(31));
        var response = await agent.GetAsync("tickets", "/tickets/1");

        WireAssert.Unauthorized(response, "invalid_token");
        Assert.Empty(host.Upstream.Requests);
    }

    [Fact]
    public async Task Gateway_TokenJustBeforeExpiry_IsForwarded()
    {
        var clock = Clock();
        await using var host = await GatewayHost.StartAsync(new HostSettings { Time = clock });
        using var agent = await host.AgentAsync("expiry-bot");
        var lifetime = Jwt.Payload(agent.Token).GetProperty("exp").GetInt64() - Jwt.Payload(agent.Token).GetProperty("iat").GetInt64();

        clock.Advance(TimeSpan.FromSeconds(lifetime) - TimeSpan.FromSeconds(1));
        var response = await agent.GetAsync("tickets", "/tickets/1");

        WireAssert.Forwarded(response, "/tickets/1");
    }
}
