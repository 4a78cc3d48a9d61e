using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rein.Core.Storage;
using Rein.Core.Transactions;
using Rein.Gateway.Tests.Infrastructure;
using Rein.Jose;
using Rein.Server.Hosting;

namespace Rein.Gateway.Tests.Roles;

/// <summary>
/// A gateway without the broker has no key of the key ring, yet signs a transaction token for every call: with an
/// instance key of its own, published in the transaction-token JWKS of every instance, and never usable for an
/// access token.
/// </summary>
public sealed class GatewayRoleTransactionTokenTests : IAsyncLifetime
{
    private readonly string _gatewayDirectory = Directory.CreateTempSubdirectory("rein-gateway-role-txn-").FullName;
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

    private string GatewayOrigin => Gateway.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private async Task<WireResponse> CallThroughGatewayAsync(string agentId, string path)
    {
        using var client = Broker.Client(agentId);
        var token = (await client.RequestTokenAsync(GatewayScenario.TicketsAudience, ["tickets.read"])).AccessToken;
        using var http = new HttpClient(client.CreateHandler(_ => ValueTask.FromResult(token), GatewayHost.PlainHandler()));
        using var response = await http.GetAsync(new Uri(GatewayOrigin + "/tools/tickets" + path));
        return await WireResponse.FromAsync(response, [token]);
    }

    private async Task<IReadOnlyList<string?>> KidsAsync(string jwksUrl)
    {
        using var response = await Gateway.Http.GetAsync(new Uri(jwksUrl));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
    }

    [Fact]
    public async Task GatewayRole_ForwardedCall_TxnTokenSignedWithItsInstanceKeyValidatesAtEveryJwks()
    {
        WireAssert.Forwarded(await CallThroughGatewayAsync("role-bot", "/tickets/42"), "/tickets/42");
        var txnToken = Assert.Single(Assert.Single(Broker.Upstream.Requests).Values("Txn-Token"));
        var kid = Jwt.Header(txnToken).GetProperty("kid").GetString()!;

        Assert.StartsWith("txn-", kid, StringComparison.Ordinal);
        using var keys = new RemoteJsonWebKeySet(Gateway.Http, new Uri(GatewayOrigin + "/.well-known/txn-token-jwks.json"));
        var result = await new TransactionTokenValidator(new TransactionTokenValidatorOptions
        {
            TrustDomain = Broker.Issuer,
            Issuer = Broker.Issuer,
            Keys = keys.Resolve,
            RefreshKeys = keys.RefreshAsync,
        }).ValidateAsync(txnToken, CancellationToken.None);
        Assert.True(result.IsValid, result.ErrorDescription);
        Assert.Equal("role-bot", result.Token!.Agent);
        Assert.Equal(GatewayOrigin, result.Token.RequestingWorkload);

        // The broker publishes it too once it has read the store (every 15 s; now, here) — in the transaction-token
        // JWKS only, never beside the keys that sign access tokens.
        await Broker.App.Services.GetRequiredService<TransactionKeyRing>().RefreshAsync(CancellationToken.None);
        Assert.Contains(kid, await KidsAsync(Broker.Issuer + "/.well-known/txn-token-jwks.json"));
        Assert.DoesNotContain(kid, await KidsAsync(Broker.Issuer + "/.well-known/jwks.json"));
    }

    [Fact]
    public async Task GatewayRole_AccessTokenSignedWithTheGatewaysInstanceKey_IsRefused()
    {
        var instanceKey = Gateway.App.Services.GetRequiredService<TransactionKeyRing>().GetSigningKey()!;
        using var dpopKey = SigningKey.Generate("ES256", "dpop");
        var now = Gateway.Time.GetUtcNow().ToUnixTimeSeconds();
        var forged = JwtWriter.Write(instanceKey, "at+jwt", (Broker.Issuer, now, jkt: dpopKey.PublicJwk.Thumbprint), static (w, s) =>
        {
            w.WriteString("iss", s.Issuer);
            w.WriteString("sub", "role-bot");
            w.WriteString("aud", GatewayScenario.TicketsAudience);
            w.WriteString("client_id", "role-bot");
            w.WriteString("scope", "tickets.read");
            w.WriteString("jti", Guid.NewGuid().ToString("N"));
            w.WriteNumber("iat", s.now);
            w.WriteNumber("exp", s.now + 60);
            w.WriteStartObject("cnf");
            w.WriteString("jkt", s.jkt);
            w.WriteEndObject();
        });
        using var client = Broker.Client("role-bot", dpopKey);
        using var http = new HttpClient(client.CreateHandler(_ => ValueTask.FromResult(forged), GatewayHost.PlainHandler()));

        using var response = await http.GetAsync(new Uri(GatewayOrigin + "/tools/tickets/tickets/1"));

        WireAssert.Unauthorized(await WireResponse.FromAsync(response, [forged]), "invalid_token");
        Assert.Empty(Broker.Upstream.Requests);
    }

    [Fact]
    public async Task GatewayRole_Stopped_ItsKeyStaysPublishedOnlyAsLongAsItsTokensLive()
    {
        var kid = Gateway.App.Services.GetRequiredService<TransactionKeyRing>().GetSigningKey()!.KeyId;
        var factory = Broker.App.Services.GetRequiredService<IDbContextFactory<ReinDbContext>>();

        await Gateway.DisposeAsync();
        _gateway = null;
        var stoppedAt = DateTimeOffset.UtcNow;

        await using var db = await factory.CreateDbContextAsync();
        var row = await db.TransactionKeys.AsNoTracking().SingleAsync(k => k.KeyId == kid);
        Assert.InRange(row.NotAfter, 0, (stoppedAt + TransactionKeyRing.Retention).ToUnixTimeMilliseconds());
    }
}
