using Rein.Client;

namespace Rein.Signals.Tests.Infrastructure;

/// <summary>An agent with one token, calling the tickets tool through the gateway with DPoP proofs.</summary>
internal sealed class Agent : IDisposable
{
    private readonly HttpClient _http;
    private readonly SignalsHost _host;

    public Agent(SignalsHost host, ReinClient client, string token)
    {
        _host = host;
        Client = client;
        Token = token;
        _http = new HttpClient(client.CreateHandler(_ => ValueTask.FromResult(token), new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }));
    }

    public ReinClient Client { get; }
    public string Token { get; }
    public string SessionId => SignalsHost.Claim(Token, "sid");
    public string JwtId => SignalsHost.Claim(Token, "jti");

    public async Task<Wire> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(_host.Issuer + "/tools/tickets" + path));
        return await Wire.FromAsync(response);
    }

    public async Task<Wire> PostAsync(string path)
    {
        using var response = await _http.PostAsync(new Uri(_host.Issuer + "/tools/tickets" + path), new StringContent("{}"));
        return await Wire.FromAsync(response);
    }

    public void Dispose()
    {
        _http.Dispose();
        Client.Dispose();
    }
}
