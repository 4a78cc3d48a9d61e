using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rein.Core.Audit;
using Rein.Core.Configuration;
using Rein.Core.Events;
using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Anomalies;

/// <summary>
/// The gateway's anomaly source: bursts, repeated refusals and a token presented without its key become audit
/// records and <see cref="AnomalyDetected"/> events; a kind named under <c>quarantine</c> stops the agent at once.
/// </summary>
public sealed class AnomalyTests
{
    private static Func<ReinConfig, ReinConfig> Anomalies(AnomalyConfig anomalies) =>
        config => config with { Signals = config.Signals with { Anomalies = anomalies } };

    [Fact]
    public async Task Burst_AboveThePerAgentThreshold_IsAuditedAndAnnouncedOnce()
    {
        await using var host = await GatewayHost.StartAsync(new HostSettings
        {
            Customize = Anomalies(new AnomalyConfig { Burst = new RateLimitConfig(3, TimeSpan.FromHours(1)) }),
        });
        var announced = Listen(host);
        using var agent = await host.AgentAsync("bot");

        for (var i = 0; i < 6; i++) WireAssert.Forwarded(await agent.GetAsync("tickets", $"/tickets/{i}"), $"/tickets/{i}");
        var chain = await host.AuditChainAsync(r => r.Kind == AuditKinds.Anomaly, 1);

        var record = Assert.Single(chain, r => r.Kind == AuditKinds.Anomaly);
        Assert.Contains("\"agent\":\"bot\"", record.Data, StringComparison.Ordinal);
        Assert.Contains("\"action\":\"burst\"", record.Data, StringComparison.Ordinal);
        var finding = Assert.Single(await announced.WaitAsync(1));
        Assert.Equal(AnomalyKind.Burst, finding.Kind);
        Assert.Equal("bot", finding.AgentId);
        Assert.Equal("MEDIUM", finding.RiskLevel);
    }

    [Fact]
    public async Task RepeatedScopeRefusals_AreAFinding()
    {
        await using var host = await GatewayHost.StartAsync(new HostSettings
        {
            Customize = Anomalies(new AnomalyConfig { Denials = new RateLimitConfig(2, TimeSpan.FromHours(1)) }),
        });
        var announced = Listen(host);
        using var agent = await host.AgentAsync("scope-bot", GatewayScenario.TicketsAudience, "tickets.read");

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("tickets", "/tickets")).Status);

        var finding = Assert.Single(await announced.WaitAsync(1));
        Assert.Equal(AnomalyKind.Denials, finding.Kind);
        Assert.Equal("scope-bot", finding.AgentId);
    }

    [Fact]
    public async Task StolenTokenWithAnotherKey_IsTokenReuse_AndQuarantinesWhenConfigured()
    {
        await using var host = await GatewayHost.StartAsync(new HostSettings
        {
            Customize = Anomalies(new AnomalyConfig { Quarantine = [AnomalyKind.TokenReuse] }),
        });
        var announced = Listen(host);
        using var victim = await host.AgentAsync("victim-bot");
        using var thief = host.Client("attack-bot");
        using var stolen = new AgentCaller(host, thief, victim.Token);

        var refused = await stolen.GetAsync("tickets", "/tickets/1");
        var finding = Assert.Single(await announced.WaitAsync(1));
        var chain = await host.AuditChainAsync(r => r.Kind == AuditKinds.AgentQuarantined, 1);
        var after = await victim.GetAsync("tickets", "/tickets/2");

        WireAssert.Unauthorized(refused, "invalid_dpop_proof");
        Assert.Equal(AnomalyKind.TokenReuse, finding.Kind);
        Assert.Equal("victim-bot", finding.AgentId);
        Assert.Equal("HIGH", finding.RiskLevel);
        Assert.Equal(victim.JwtId, finding.TokenId);
        Assert.Contains(chain, r => r.Kind == AuditKinds.AgentQuarantined && r.Data.Contains("\"agent\":\"victim-bot\"", StringComparison.Ordinal));
        WireAssert.Unauthorized(after, "invalid_token");
    }

    [Fact]
    public async Task DPoPTokenSentAsBearer_IsTokenReuse_WithoutQuarantineByDefault()
    {
        await using var host = await GatewayHost.StartAsync();
        var announced = Listen(host);
        using var agent = await host.AgentAsync("cache-bot");

        var refused = await host.SendAsync(HttpMethod.Get, host.ToolUrl("tickets", "/tickets/9"), "Bearer " + agent.Token);
        var finding = Assert.Single(await announced.WaitAsync(1));
        var still = await agent.GetAsync("tickets", "/tickets/1");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal(AnomalyKind.TokenReuse, finding.Kind);
        WireAssert.Forwarded(still, "/tickets/1");
    }

    [Fact]
    public async Task TokenFromASecondClientAddress_IsNewAddress()
    {
        await using var host = await GatewayHost.StartAsync();
        var announced = Listen(host);
        using var agent = await host.AgentAsync("route-bot");
        WireAssert.Forwarded(await agent.GetAsync("tickets", "/tickets/1"), "/tickets/1");

        // The same holder (same token, same DPoP key) now connects from another loopback address.
        using var elsewhere = new HttpClient(agent.Client.CreateHandler(_ => ValueTask.FromResult(agent.Token), new SocketsHttpHandler
        {
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        }));
        using var response = await elsewhere.GetAsync(host.ToolUrl("tickets", "/tickets/2"));
        var finding = Assert.Single(await announced.WaitAsync(1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AnomalyKind.NewAddress, finding.Kind);
        Assert.Equal("route-bot", finding.AgentId);
        Assert.Equal(agent.JwtId, finding.TokenId);
        Assert.Equal("MEDIUM", finding.RiskLevel);
    }

    [Fact]
    public async Task Disabled_FindsNothing()
    {
        await using var host = await GatewayHost.StartAsync(new HostSettings
        {
            Customize = Anomalies(new AnomalyConfig { Enabled = false, Burst = new RateLimitConfig(1, TimeSpan.FromHours(1)) }),
        });
        var announced = Listen(host);
        using var agent = await host.AgentAsync("trace-bot");

        for (var i = 0; i < 4; i++) WireAssert.Forwarded(await agent.GetAsync("tickets", $"/tickets/{i}"), $"/tickets/{i}");
        var chain = await host.AuditChainAsync(r => r.Kind == AuditKinds.GatewayRequest, 4);

        Assert.DoesNotContain(chain, r => r.Kind == AuditKinds.Anomaly);
        Assert.Empty(announced.Received);
    }

    private static Listener Listen(GatewayHost host)
    {
        var listener = new Listener();
        host.App.Services.GetRequiredService<ReinEventHub>().Subscribe(listener.OnEventAsync);
        return listener;
    }

    /// <summary>Collects the anomaly events the hub announces, as the SSF transmitter would receive them.</summary>
    private sealed class Listener
    {
        private readonly List<AnomalyDetected> _received = [];
        private readonly Lock _gate = new();
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<AnomalyDetected> Received
        {
            get { lock (_gate) return [.. _received]; }
        }

        public ValueTask OnEventAsync(ReinEvent reinEvent, CancellationToken cancellationToken)
        {
            if (reinEvent is AnomalyDetected anomaly)
            {
                lock (_gate)
                {
                    _received.Add(anomaly);
                    _changed.TrySetResult();
                    _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
            return ValueTask.CompletedTask;
        }

        public async Task<IReadOnlyList<AnomalyDetected>> WaitAsync(int count)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    if (_received.Count >= count) return [.. _received];
                    changed = _changed.Task;
                }
                await changed.WaitAsync(deadline.Token);
            }
        }
    }
}
