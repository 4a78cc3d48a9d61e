using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Rein.Broker.Tests.Infrastructure;

/// <summary>A tiny JWKS endpoint on loopback that counts how often it is fetched.</summary>
internal sealed class JwksServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private JwksServer(WebApplication app, string json)
    {
        _app = app;
        Json = json;
    }

    /// <summary>What the next fetch returns; replace it to rotate the issuer's keys.</summary>
    public string Json { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    public Uri Uri => new(_app.Urls.First() + "/jwks");

    public static async Task<JwksServer> StartAsync(string json)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new JwksServer(app, json);
        app.Run(async context =>
        {
            Interlocked.Increment(ref server._requests);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(server.Json).ConfigureAwait(false);
        });
        await app.StartAsync().ConfigureAwait(false);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
