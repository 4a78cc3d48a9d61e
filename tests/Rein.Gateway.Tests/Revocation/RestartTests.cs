using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Revocation;

/// <summary>Revocations are written to the store before they take effect, so a restarted gateway still refuses.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Gateway_AfterRestartOnSameDataDirectory_KilledAgentsOldTokenStaysRefused()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("rein-gateway-restart-").FullName;
        try
        {
            await using var upstream = await EchoUpstream.StartAsync();
            // The same port both times, so the issuer (every token's iss and every proof's htu) survives the restart.
            var settings = new HostSettings { DataDirectory = dataDirectory, Urls = [$"http://127.0.0.1:{GatewayHost.ClosedPort()}"], Upstream = upstream };
            using var killedKey = TestKeys.Fresh("dpop-killed");
            using var liveKey = TestKeys.Fresh("dpop-live");
            string killedToken, liveToken;
            await using (var first = await GatewayHost.StartAsync(settings))
            {
                using var killed = await first.AgentWithKeyAsync("restart-bot", killedKey);
                using var live = await first.AgentWithKeyAsync("other-bot", liveKey);
                (killedToken, liveToken) = (killed.Token, live.Token);
                using var admin = await first.AdminAsync();
                await admin.KillAsync("restart-bot");
                WireAssert.Unauthorized(await killed.GetAsync("tickets", "/tickets/1"), "invalid_token");
            }
            upstream.Clear();

            await using var second = await GatewayHost.StartAsync(settings);
            using var killedAgain = new AgentCaller(second, second.Client("restart-bot", killedKey), killedToken);
            using var liveAgain = new AgentCaller(second, second.Client("other-bot", liveKey), liveToken);
            var refused = await killedAgain.GetAsync("tickets", "/tickets/1");
            var served = await liveAgain.GetAsync("tickets", "/tickets/2");

            WireAssert.Unauthorized(refused, "invalid_token");
            WireAssert.Forwarded(served, "/tickets/2");
            Assert.Equal(["/tickets/2"], upstream.Requests.Select(r => r.Path));
        }
        finally
        {
            GatewayHost.DeleteDirectory(dataDirectory);
        }
    }
}
