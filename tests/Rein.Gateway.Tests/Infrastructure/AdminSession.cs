using System.Text;
using Rein.Client;

namespace Rein.Gateway.Tests.Infrastructure;

/// <summary>An admin client (<c>admins:</c>, scope <c>rein:admin</c>) calling the admin API through the SDK's DPoPHandler.</summary>
internal sealed class AdminSession(GatewayHost host, ReinClient client, string token) : IDisposable
{
    private readonly HttpClient _http = new(client.CreateHandler(_ => ValueTask.FromResult(token), GatewayHost.PlainHandler()));

    public async Task<WireResponse> PostJsonAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(host.Issuer + path), content);
        return await WireResponse.FromAsync(response, [token]);
    }

    /// <summary>The kill switch: quarantines the agent; must answer 200.</summary>
    public Task KillAsync(string agentId) => ExpectOkAsync($"/admin/v1/agents/{agentId}/kill", """{"reason":"gateway e2e: kill switch"}""");

    public Task EnableAsync(string agentId) => ExpectOkAsync($"/admin/v1/agents/{agentId}/enable", """{"reason":"gateway e2e: enable"}""");

    /// <summary><c>POST /admin/v1/revocations</c> for a subject such as <c>jti:…</c>; must answer 200.</summary>
    public Task RevokeAsync(string subject) =>
        ExpectOkAsync("/admin/v1/revocations", $$"""{"subject":"{{subject}}","reason":"gateway e2e"}""");

    private async Task ExpectOkAsync(string path, string json)
    {
        var response = await PostJsonAsync(path, json);
        Assert.True(response.Status == System.Net.HttpStatusCode.OK, $"{path}: {(int)response.Status} {response.Body}");
    }

    public void Dispose()
    {
        _http.Dispose();
        client.Dispose();
    }
}
