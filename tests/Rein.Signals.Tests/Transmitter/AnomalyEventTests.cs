using Rein.Signals.Events;
using Rein.Signals.Tests.Transmitter.Infrastructure;

namespace Rein.Signals.Tests.Transmitter;

/// <summary>The gateway's anomaly findings reach receivers as CAEP risk-level-change events about the agent.</summary>
public sealed class AnomalyEventTests(SignalsFixture fixture) : IClassFixture<SignalsFixture>
{
    private readonly SignalsHost _host = fixture.Host;

    [Fact]
    public async Task TokenPresentedAsBearer_IsPushedAsRiskLevelChangeHigh()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.Soc);
        await soc.CreatePushStreamAsync("anomaly", events: [SecurityEventTypes.RiskLevelChange]);
        using var agent = _host.Client("bot-f");
        var token = await agent.RequestTokenAsync(SignalsHost.ToolAudience, ["tickets.read"]);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_host.Issuer + "/tools/tickets/tickets/1"));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token.AccessToken);
        using var response = await _host.Http.SendAsync(request);
        var received = await _host.Receiver.WaitForAsync("anomaly", 1);

        Assert.Equal(401, (int)response.StatusCode);
        var set = await _host.VerifySetAsync(Assert.Single(received).Set);
        Assert.Equal("bot-f", set.GetProperty("sub_id").GetProperty("sub").GetString());
        var change = set.GetProperty("events").GetProperty(SecurityEventTypes.RiskLevelChange);
        Assert.Equal("USER", change.GetProperty("principal").GetString());
        Assert.Equal("HIGH", change.GetProperty("current_level").GetString());
        Assert.Equal("TOKEN_USED_WITH_FOREIGN_KEY", change.GetProperty("risk_reason").GetString());
        Assert.Equal("policy", change.GetProperty("initiating_entity").GetString());
    }
}
