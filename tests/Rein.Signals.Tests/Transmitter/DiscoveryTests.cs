using Rein.Signals.Tests.Transmitter.Infrastructure;

namespace Rein.Signals.Tests.Transmitter;

/// <summary>SSF 1.0 §7: the transmitter configuration metadata names every endpoint, publicly.</summary>
public sealed class DiscoveryTests(SignalsFixture fixture) : IClassFixture<SignalsFixture>
{
    private readonly SignalsHost _host = fixture.Host;

    [Fact]
    public async Task SsfConfiguration_NamesEveryEndpointAndTheOAuthScheme()
    {
        using var response = await _host.Http.GetAsync(new Uri(_host.Issuer + "/.well-known/ssf-configuration"));
        var wire = await Wire.FromAsync(response, []);

        Assert.Equal(200, wire.Code);
        Assert.Equal("application/json", wire.MediaType);
        var json = wire.Json;
        var issuer = _host.Issuer;
        Assert.Equal("1_0", json.GetProperty("spec_version").GetString());
        Assert.Equal(issuer, json.GetProperty("issuer").GetString());
        Assert.Equal(issuer + "/.well-known/jwks.json", json.GetProperty("jwks_uri").GetString());
        Assert.Equal(["urn:ietf:rfc:8935", "urn:ietf:rfc:8936"], json.GetProperty("delivery_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(issuer + "/ssf/stream", json.GetProperty("configuration_endpoint").GetString());
        Assert.Equal(issuer + "/ssf/status", json.GetProperty("status_endpoint").GetString());
        Assert.Equal(issuer + "/ssf/subjects:add", json.GetProperty("add_subject_endpoint").GetString());
        Assert.Equal(issuer + "/ssf/subjects:remove", json.GetProperty("remove_subject_endpoint").GetString());
        Assert.Equal(issuer + "/ssf/verify", json.GetProperty("verification_endpoint").GetString());
        Assert.Equal("urn:ietf:rfc:6749", Assert.Single(json.GetProperty("authorization_schemes").EnumerateArray()).GetProperty("spec_urn").GetString());
        Assert.Equal("ALL", json.GetProperty("default_subjects").GetString());
        Assert.False(json.TryGetProperty("critical_subject_members", out _));
    }

    [Fact]
    public async Task SsfConfiguration_UnderAnotherPath_Is404()
    {
        using var response = await _host.Http.GetAsync(new Uri(_host.Issuer + "/.well-known/ssf-configuration/other"));
        Assert.Equal(404, (int)response.StatusCode);
    }
}
