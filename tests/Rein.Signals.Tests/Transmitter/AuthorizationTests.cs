using System.Net.Http.Headers;
using Rein.Signals.Tests.Transmitter.Infrastructure;

namespace Rein.Signals.Tests.Transmitter;

/// <summary>
/// The management API takes only broker-issued tokens for <c>{issuer}/ssf</c>, in the Authorization header, with
/// <c>ssf.manage</c> to change and <c>ssf.read</c> to read, and a receiver sees only its own streams.
/// </summary>
public sealed class AuthorizationTests(SignalsFixture fixture) : IClassFixture<SignalsFixture>
{
    private readonly SignalsHost _host = fixture.Host;

    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/ssf/stream" }, { "GET", "/ssf/stream" }, { "PATCH", "/ssf/stream" }, { "PUT", "/ssf/stream" },
        { "DELETE", "/ssf/stream?stream_id=x" }, { "GET", "/ssf/status?stream_id=x" }, { "POST", "/ssf/status" },
        { "POST", "/ssf/subjects:add" }, { "POST", "/ssf/subjects:remove" }, { "POST", "/ssf/verify" }, { "POST", "/ssf/poll/x" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task NoToken_Is401WithChallenge(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(_host.Issuer + path)) { Content = new StringContent("{}") };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _host.Http.SendAsync(request);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.StartsWith("DPoP ", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenInQueryString_Is400AndNeverEchoed()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.BearerSoc, dpop: false);
        using var response = await _host.Http.GetAsync(new Uri(_host.Issuer + "/ssf/stream?access_token=" + soc.Token));
        var wire = await Wire.FromAsync(response, [soc.Token]);

        Assert.Equal(400, wire.Code);
        Assert.Equal("Access tokens are accepted only in the Authorization header.", wire.Json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ToolToken_Is401()
    {
        using var agent = _host.Client("bot-h");
        var token = await agent.RequestTokenAsync(SignalsHost.ToolAudience, ["tickets.read"]);
        using var http = new HttpClient(agent.CreateHandler(_ => ValueTask.FromResult(token.AccessToken), new SocketsHttpHandler()));

        using var response = await http.GetAsync(new Uri(_host.Issuer + "/ssf/stream"));
        var wire = await Wire.FromAsync(response, [token.AccessToken]);

        Assert.Equal(401, wire.Code);
        Assert.Contains("error=\"invalid_token\"", wire.Header("WWW-Authenticate"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DPoPBoundTokenSentAsBearer_Is401()
    {
        using var soc = await _host.ReceiverAsync(SignalsHost.Soc);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_host.Issuer + "/ssf/stream"));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + soc.Token);

        using var response = await _host.Http.SendAsync(request);
        var wire = await Wire.FromAsync(response, [soc.Token]);

        Assert.Equal(401, wire.Code);
    }

    [Fact]
    public async Task ReadScope_ReadsButCannotChange()
    {
        using var manager = await _host.ReceiverAsync(SignalsHost.ReadOnlySoc);
        var id = await manager.CreatePollStreamAsync();
        using var reader = await _host.ReceiverAsync(SignalsHost.ReadOnlySoc, "ssf.read");

        var read = await reader.SendAsync(HttpMethod.Get, "/ssf/stream?stream_id=" + id);
        var status = await reader.SendAsync(HttpMethod.Get, "/ssf/status?stream_id=" + id);
        var create = await reader.PostAsync("/ssf/stream", new { });
        var pause = await reader.PostAsync("/ssf/status", new { stream_id = id, status = "paused" });
        var delete = await reader.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + id);

        Assert.Equal(200, read.Code);
        Assert.Equal(200, status.Code);
        foreach (var refused in new[] { create, pause, delete })
        {
            Assert.Equal(403, refused.Code);
            Assert.Equal("DPoP error=\"insufficient_scope\", scope=\"ssf.manage\"", refused.Header("WWW-Authenticate"));
        }
    }

    [Fact]
    public async Task AnotherReceiversStream_IsNotFoundEverywhere()
    {
        using var owner = await _host.ReceiverAsync(SignalsHost.Soc);
        var id = await owner.CreatePushStreamAsync("isolation");
        using var other = await _host.ReceiverAsync(SignalsHost.OtherSoc);

        var read = await other.SendAsync(HttpMethod.Get, "/ssf/stream?stream_id=" + id);
        var list = await other.SendAsync(HttpMethod.Get, "/ssf/stream");
        var patch = await other.SendAsync(HttpMethod.Patch, "/ssf/stream", $$"""{"stream_id":"{{id}}","description":"mine now"}""");
        var put = await other.SendAsync(HttpMethod.Put, "/ssf/stream", $$"""{"stream_id":"{{id}}"}""");
        var delete = await other.SendAsync(HttpMethod.Delete, "/ssf/stream?stream_id=" + id);
        var status = await other.SendAsync(HttpMethod.Get, "/ssf/status?stream_id=" + id);
        var pause = await other.PostAsync("/ssf/status", new { stream_id = id, status = "disabled" });
        var remove = await other.PostAsync("/ssf/subjects:remove", new { stream_id = id, subject = new { format = "opaque", id = "x" } });
        var verify = await other.PostAsync("/ssf/verify", new { stream_id = id });
        var poll = await other.PostAsync("/ssf/poll/" + id, new { returnImmediately = true });
        var still = await owner.SendAsync(HttpMethod.Get, "/ssf/stream?stream_id=" + id);

        foreach (var refused in new[] { read, patch, put, delete, status, pause, remove, verify, poll }) Assert.Equal(404, refused.Code);
        Assert.DoesNotContain(list.Json.EnumerateArray(), s => s.GetProperty("stream_id").GetString() == id);
        Assert.Equal(200, still.Code);
        Assert.Equal("test stream isolation", still.Json.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Broker_RefusesOtherScopesAndResourcesToReceivers_AndSsfScopesToAgents()
    {
        using var soc = _host.Client(SignalsHost.Soc);
        using var agent = _host.Client("bot-h");

        var admin = await Assert.ThrowsAsync<Rein.Client.ReinClientException>(() => soc.RequestTokenAsync(_host.Issuer + "/ssf", ["rein:admin"]));
        var tool = await Assert.ThrowsAsync<Rein.Client.ReinClientException>(() => soc.RequestTokenAsync(SignalsHost.ToolAudience, ["ssf.manage"]));
        var agentSsf = await Assert.ThrowsAsync<Rein.Client.ReinClientException>(() => agent.RequestTokenAsync(_host.Issuer + "/ssf", ["ssf.manage"]));

        Assert.Equal("invalid_scope", admin.Error);
        Assert.Equal("invalid_target", tool.Error);
        Assert.Equal("invalid_target", agentSsf.Error);
    }
}
