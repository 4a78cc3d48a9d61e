using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Rein.Core.Revocation;
using Rein.Gateway.Tests.Infrastructure;
using Rein.Server.Hosting;

namespace Rein.Gateway.Tests.Roles;

/// <summary>
/// <c>rein serve --roles gateway</c> beside a broker: the gateway shares only the store. It verifies the broker's
/// tokens with public keys from the store, serves no OAuth endpoint, never creates a master key, and learns of the
/// broker's revocations from the store.
/// </summary>
public sealed class GatewayRoleTests : IAsyncLifetime
{
    private readonly string _gatewayDirectory = Directory.CreateTempSubdirectory("rein-gateway-role-").FullName;
    private GatewayHost? _broker;
    private GatewayHost? _gateway;

    private GatewayHost Broker => _broker!;
    private GatewayHost Gateway => _gateway!;

    public async Task InitializeAsync()
    {
        _broker = await GatewayHost.StartAsync(new HostSettings { Roles = ReinRoles.Broker | ReinRoles.Admin });
        _gateway = await GatewayHost.StartAsync(new HostSettings
        {
            Roles = ReinRoles.Gateway,
            DataDirectory = _gatewayDirectory,
            Store = "sqlite:" + Path.Combine(Broker.DataDirectory, "rein.db"),
            Upstream = Broker.Upstream,
            Customize = config => config with { Issuer = Broker.Issuer },
        });
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_broker is not null) await _broker.DisposeAsync();
        GatewayHost.DeleteDirectory(_gatewayDirectory);
    }

    /// <summary>Where the gateway listens (its issuer is the broker's).</summary>
    private string GatewayOrigin => Gateway.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private Uri GatewayToolUrl(string tool, string path) => new(GatewayOrigin + "/tools/" + tool + path);

    [Fact]
    public async Task GatewayRole_DPoPTokenFromBroker_IsForwarded()
    {
        using var client = Broker.Client("role-bot");
        var token = (await client.RequestTokenAsync(GatewayScenario.TicketsAudience, ["tickets.read"])).AccessToken;
        using var http = new HttpClient(client.CreateHandler(_ => ValueTask.FromResult(token), GatewayHost.PlainHandler()));

        using var response = await http.GetAsync(GatewayToolUrl("tickets", "/tickets/42"));

        WireAssert.Forwarded(await WireResponse.FromAsync(response, [token]), "/tickets/42");
        Assert.Equal(["role-bot"], Assert.Single(Broker.Upstream.Requests).Values("X-Rein-Agent"));
    }

    [Fact]
    public async Task GatewayRole_BearerTokenFromBroker_IsForwardedAtBearerTool()
    {
        var token = await Broker.BearerTokenAsync("bearer-bot", GatewayScenario.DocsAudience, "docs.read");

        var response = await Gateway.SendAsync(HttpMethod.Get, GatewayToolUrl("docs", "/docs/1"), "Bearer " + token);

        WireAssert.Forwarded(response, "/docs/1");
    }

    [Fact]
    public async Task GatewayRole_HasNoBrokerOrAdminEndpointsAndNoMasterKey()
    {
        using var token = await Gateway.Http.PostAsync(new Uri(GatewayOrigin + "/oauth/token"), new FormUrlEncodedContent([new("grant_type", "client_credentials")]));
        using var metadata = await Gateway.Http.GetAsync(new Uri(GatewayOrigin + "/.well-known/oauth-authorization-server"));
        using var admin = await Gateway.Http.GetAsync(new Uri(GatewayOrigin + "/admin/v1/agents"));

        Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, metadata.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, admin.StatusCode);
        Assert.False(File.Exists(Path.Combine(_gatewayDirectory, "master.key")));
        Assert.True(File.Exists(Path.Combine(Broker.DataDirectory, "master.key")));
    }

    [Fact]
    public async Task GatewayRole_KillAtBroker_RefusedAtGatewayOnceItCatchesUpFromTheStore()
    {
        using var client = Broker.Client("kill-bot");
        var token = (await client.RequestTokenAsync(GatewayScenario.TicketsAudience, ["tickets.read"])).AccessToken;
        using var http = new HttpClient(client.CreateHandler(_ => ValueTask.FromResult(token), GatewayHost.PlainHandler()));
        using (var before = await http.GetAsync(GatewayToolUrl("tickets", "/tickets/1"))) Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        using var admin = await Broker.AdminAsync();

        await admin.KillAsync("kill-bot");
        // The gateway polls the store every second; run that catch-up now instead of waiting for it.
        await Gateway.App.Services.GetRequiredService<RevocationService>().CatchUpAsync(CancellationToken.None);
        using var after = await http.GetAsync(GatewayToolUrl("tickets", "/tickets/2"));

        WireAssert.Unauthorized(await WireResponse.FromAsync(after, [token]), "invalid_token");
        Assert.Equal(["/tickets/1"], Broker.Upstream.Requests.Select(r => r.Path));
    }
}
