using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Rein.Core.Registry;
using Rein.Gateway.Tests.Infrastructure;

namespace Rein.Gateway.Tests.Routing;

/// <summary>Routes are rebuilt from the registry and swapped whole when it changes: a new tool is reachable, a removed one is gone.</summary>
public sealed class RegistryReloadTests
{
    [Fact]
    public async Task Gateway_RegistryReplacedWithNewTool_ToolIsReachableThenGoneWhenRemoved()
    {
        await using var host = await GatewayHost.StartAsync();
        var registry = host.App.Services.GetRequiredService<ReinRegistry>();
        var original = registry.Current.Config;
        var notes = GatewayScenario.Notes(host.Upstream.Url);
        var tools = original.Tools.Append(notes).ToList();

        registry.Replace(original with
        {
            Tools = tools,
            Agents = [.. original.Agents.Select(a => a.Id == "reload-bot" ? GatewayScenario.Agent(a.Id, tools, requireDpop: true) : a)],
        });
        using var agent = await host.AgentAsync("reload-bot", GatewayScenario.NotesAudience, "notes.read");
        var added = await agent.GetAsync("notes", "/notes/1");

        registry.Replace(original);
        var removed = await agent.GetAsync("notes", "/notes/2");

        WireAssert.Forwarded(added, "/notes/1");
        Assert.Equal(["notes.read"], Assert.Single(host.Upstream.Requests).Values("X-Rein-Action"));
        WireAssert.GatewayProblem(removed, HttpStatusCode.NotFound, "No such tool");
        Assert.Single(host.Upstream.Requests);
    }

    [Fact]
    public async Task Gateway_RegistryReplacedWithChangedUpstream_CallsGoToTheNewUpstream()
    {
        await using var host = await GatewayHost.StartAsync();
        await using var replacement = await EchoUpstream.StartAsync();
        var registry = host.App.Services.GetRequiredService<ReinRegistry>();
        var config = registry.Current.Config;
        using var agent = await host.AgentAsync("reload-bot");

        registry.Replace(config with { Tools = [.. config.Tools.Select(t => t.Id == "tickets" ? t with { Upstream = replacement.Url } : t)] });
        var response = await agent.GetAsync("tickets", "/tickets/1");

        WireAssert.Forwarded(response, "/tickets/1");
        Assert.Empty(host.Upstream.Requests);
        Assert.Single(replacement.Requests);
    }
}
