using System.Net;
using Rein.Broker.Tests.Infrastructure;

namespace Rein.Broker.Tests.Admin;

/// <summary>Its own host: rotating the signing key changes what every later test on the host would see.</summary>
public sealed class RotationBroker : BrokerFixture
{
    internal override HostSettings Settings() => new() { Time = FakeClock.AtNoon() };
}

public sealed class KeyRotationTests(RotationBroker broker) : IClassFixture<RotationBroker>
{
    private BrokerHost Host => broker.Host;

    private async Task<List<string>> JwksKidsAsync()
    {
        using var response = await Host.Http.GetAsync(Host.JwksUri);
        var wire = await WireResponse.FromAsync(response, []);
        return wire.Json.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToList();
    }

    private static string Kid(string token) => Jws.Header(token).GetProperty("kid").GetString()!;

    [Fact]
    public async Task Rotate_Immediate_NewKidSignsWhileOldKidStaysPublishedAndOldTokensStayActive()
    {
        var before = await Host.TokenAsync("bot");
        var oldKid = Kid(before);
        using var admin = await Host.AdminAsync();

        var rotate = await admin.PostJsonAsync("/admin/v1/keys/rotate", """{"immediate":true}""");

        Assert.Equal(HttpStatusCode.OK, rotate.Status);
        var newKid = rotate.Json.GetProperty("kid").GetString()!;
        Assert.NotEqual(oldKid, newKid);
        Assert.Equal("ES256", rotate.Json.GetProperty("alg").GetString());
        Assert.Contains(oldKid, rotate.Json.GetProperty("retired").EnumerateArray().Select(e => e.GetString()));

        var after = await Host.TokenAsync("bot");
        Assert.Equal(newKid, Kid(after));
        var kids = await JwksKidsAsync();
        Assert.Contains(oldKid, kids);
        Assert.Contains(newKid, kids);
        Assert.True((await Host.IntrospectAsync(before)).Json.GetProperty("active").GetBoolean());
        Assert.True((await Host.IntrospectAsync(after)).Json.GetProperty("active").GetBoolean());

        // The admin token was signed by the old key and still works on the admin API.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/v1/agents")).Status);
    }

    [Fact]
    public async Task Rotate_NotImmediate_PublishesFirstAndSignsOnlyAfterTheLead()
    {
        var currentKid = Kid(await Host.TokenAsync("bot"));
        using var admin = await Host.AdminAsync();

        var rotate = await admin.PostJsonAsync("/admin/v1/keys/rotate", """{"immediate":false}""");

        Assert.Equal(HttpStatusCode.OK, rotate.Status);
        var newKid = rotate.Json.GetProperty("kid").GetString()!;
        Assert.Contains(newKid, await JwksKidsAsync());
        Assert.Equal(currentKid, Kid(await Host.TokenAsync("bot")));

        Host.FakeTime!.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.Equal(newKid, Kid(await Host.TokenAsync("bot")));
        Assert.Contains(currentKid, await JwksKidsAsync());
    }
}
