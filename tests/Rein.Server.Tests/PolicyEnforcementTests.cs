using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rein.Client;
using Rein.Core.Audit;
using Rein.Core.Configuration;
using Rein.Core.Policies;
using Rein.Core.Storage;
using Rein.Jose;
using Rein.Server.Cli;
using Rein.Server.Hosting;

namespace Rein.Server.Tests;

/// <summary>Cedar policies decide at the broker (access_denied) and at the gateway (403, never forwarded).</summary>
public sealed class PolicyEnforcementTests : IAsyncLifetime
{
    private const string Audience = "https://tickets.policy.test";
    private readonly DirectoryInfo _dataDir = Directory.CreateTempSubdirectory("rein-policy-e2e-");
    private readonly DirectoryInfo _policyDir = Directory.CreateTempSubdirectory("rein-policy-files-");
    private readonly SigningKey _agentKey = SigningKey.Generate(JwsAlgorithms.ES256, "bot-1");
    private CountingUpstream _upstream = null!;
    private ReinApp _rein = null!;

    public async Task InitializeAsync()
    {
        File.WriteAllText(Path.Combine(_policyDir.FullName, "base.cedar"), """
            @id("allow") permit(principal is Rein::Agent, action, resource);
            @id("no-writes") forbid(principal, action in Rein::Action::"method:POST", resource);
            """);
        _upstream = await CountingUpstream.StartAsync();

        _rein = await ReinApp.StartAsync(new ReinAppOptions
        {
            Config = new ReinConfig
            {
                Policies = _policyDir.FullName,
                Tools =
                [
                    new ToolConfig
                    {
                        Id = "tickets", Audience = Audience, Upstream = _upstream.Url,
                        Actions =
                        [
                            new ActionConfig { Name = "tickets.read", Method = "GET", PathTemplate = "/tickets/{id}" },
                            new ActionConfig { Name = "tickets.write", Method = "POST", PathTemplate = "/tickets" },
                        ],
                    },
                ],
                Agents =
                [
                    new AgentConfig
                    {
                        Id = "bot", Credentials = [new PrivateKeyJwtCredential { JwksJson = DemoCommand.Jwks(_agentKey) }],
                        Tools = new Dictionary<string, IReadOnlyList<string>> { ["tickets"] = ["tickets.read", "tickets.write"] },
                    },
                ],
            },
            DataDirectory = _dataDir.FullName,
            Urls = ["http://127.0.0.1:0"],
            MinimumLogLevel = LogLevel.Warning,
        });
    }

    [Fact]
    public async Task Broker_PolicyForbidsEveryRequestedAction_ReturnsAccessDenied_AndGrantsOnlyWhatPolicyAllows()
    {
        using var http = new HttpClient();
        using var agent = new ReinClient(http, new ReinClientOptions { Issuer = new Uri(_rein.Issuer), ClientId = "bot", ClientKey = _agentKey });

        var denied = await Assert.ThrowsAsync<ReinClientException>(() => agent.RequestTokenAsync(Audience, ["tickets.write"]));
        var partial = await agent.RequestTokenAsync(Audience, ["tickets.read", "tickets.write"]);

        Assert.Equal(400, denied.Status);
        Assert.Equal("access_denied", denied.Error);
        Assert.Equal("tickets.read", partial.Scope);
    }

    [Fact]
    public async Task Gateway_PolicyChangedAfterIssuance_Refuses403_WithoutReachingUpstream_AndAuditsTheDeterminingPolicy()
    {
        using var http = new HttpClient();
        using var agent = new ReinClient(http, new ReinClientOptions { Issuer = new Uri(_rein.Issuer), ClientId = "bot", ClientKey = _agentKey });
        var token = await agent.RequestTokenAsync(Audience, ["tickets.read"]);
        using var calls = new HttpClient(agent.CreateHandler(_ => ValueTask.FromResult(token.AccessToken)));
        var url = new Uri(_rein.Issuer + "/tools/tickets/tickets/7");
        Assert.Equal(HttpStatusCode.OK, (await calls.GetAsync(url)).StatusCode);

        File.WriteAllText(Path.Combine(_policyDir.FullName, "freeze.cedar"), """@id("freeze") forbid(principal == Rein::Agent::"bot", action, resource);""");
        Assert.True(_rein.Services.GetRequiredService<PolicyEngine>().Reload().Succeeded);
        var before = _upstream.Calls;
        var refused = await calls.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(before, _upstream.Calls);
        var last = await GatewayAuditRecords.LastAsync(_rein.Services);
        Assert.Contains("forbidden by freeze", last, StringComparison.Ordinal);
        Assert.Contains("\"decision\":\"deny\"", last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_PolicyOnTheTransactionId_SeesTheCallersTraceWithTheGatewaysSpan()
    {
        using var http = new HttpClient();
        using var agent = new ReinClient(http, new ReinClientOptions { Issuer = new Uri(_rein.Issuer), ClientId = "bot", ClientKey = _agentKey });
        var token = await agent.RequestTokenAsync(Audience, ["tickets.read"]);
        using var calls = new HttpClient(agent.CreateHandler(_ => ValueTask.FromResult(token.AccessToken), new SocketsHttpHandler { ActivityHeadersPropagator = null }));
        File.WriteAllText(Path.Combine(_policyDir.FullName, "trace.cedar"), """
            @id("no-incident-trace") forbid(principal, action, resource)
            when { context has txn && context.txn like "4bf92f3577b34da6a3ce929d0e0e4736-*" };
            """);
        Assert.True(_rein.Services.GetRequiredService<PolicyEngine>().Reload().Succeeded);
        HttpRequestMessage Call(string? traceparent)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_rein.Issuer + "/tools/tickets/tickets/7"));
            if (traceparent is not null) request.Headers.TryAddWithoutValidation("traceparent", traceparent);
            return request;
        }

        using var inTrace = await calls.SendAsync(Call("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        using var otherTrace = await calls.SendAsync(Call("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        File.Delete(Path.Combine(_policyDir.FullName, "trace.cedar"));
        Assert.True(_rein.Services.GetRequiredService<PolicyEngine>().Reload().Succeeded);

        Assert.Equal(HttpStatusCode.Forbidden, inTrace.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherTrace.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _rein.DisposeAsync();
        await _upstream.DisposeAsync();
        _agentKey.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dataDir.Delete(recursive: true);
        _policyDir.Delete(recursive: true);
    }
}
