using Microsoft.Extensions.Logging;
using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Forwarding;

/// <summary>The diagnostic log at the level <c>rein serve</c> runs by default: no per-request lines, no request data.</summary>
public sealed class DiagnosticLogTests
{
    [Fact]
    public async Task Gateway_ForwardedCalls_WriteNoDiagnosticLineWithTheRequestUrl()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await GatewayHost.StartAsync(new HostSettings { MinimumLogLevel = LogLevel.Information, Logs = logs });
        using var agent = await host.AgentAsync("bot");
        var before = logs.Lines.Count;

        for (var i = 0; i < 3; i++)
        {
            WireAssert.Forwarded(await agent.GetAsync("tickets", "/tickets/42?customer=c-91827"), "/tickets/42");
        }

        Assert.Equal(3, host.Upstream.Requests.Count);
        var lines = logs.Lines.Skip(before).ToList();
        Assert.DoesNotContain(lines, l => l.Message.Contains("c-91827", StringComparison.Ordinal) || l.Message.Contains("/tickets/42", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Category.StartsWith("Yarp", StringComparison.Ordinal) && l.Level < LogLevel.Warning);
    }
}
