using Rein.Client;

namespace Rein.Gateway.Tests.Infrastructure;

/// <summary>
/// An agent holding one token, calling tools the way the SDK does: <c>Authorization: DPoP</c> plus a fresh proof for
/// exactly this request, through <see cref="DPoPHandler"/>.
/// </summary>
internal sealed class AgentCaller : IDisposable
{
    private readonly GatewayHost _host;
    private readonly CapturingHandler _capture;
    private readonly HttpClient _http;

    public AgentCaller(GatewayHost host, ReinClient client, string token)
    {
        _host = host;
        Client = client;
        Token = token;
        _capture = new CapturingHandler(GatewayHost.PlainHandler());
        _http = new HttpClient(client.CreateHandler(_ => ValueTask.FromResult(token), _capture));
    }

    public ReinClient Client { get; }
    public string Token { get; }
    public string AgentId => Jwt.Claim(Token, "client_id");
    public string JwtId => Jwt.Claim(Token, "jti");
    public string SessionId => Jwt.Claim(Token, "sid");

    /// <summary>The proof sent with the most recent call.</summary>
    public string? LastProof => _capture.LastProof;

    public Task<WireResponse> GetAsync(string tool, string path) => SendAsync(HttpMethod.Get, tool, path);

    public async Task<WireResponse> SendAsync(HttpMethod method, string tool, string path, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, _host.ToolUrl(tool, path));
        configure?.Invoke(request);
        using var response = await _http.SendAsync(request);
        return await WireResponse.FromAsync(response, [Token, .. _capture.Sent]);
    }

    public void Dispose()
    {
        _http.Dispose();
        Client.Dispose();
    }
}
