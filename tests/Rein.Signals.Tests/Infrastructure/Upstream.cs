using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Rein.Signals.Tests.Infrastructure;

/// <summary>A real upstream tool on loopback: 200 for everything, counting what reached it.</summary>
internal sealed class Upstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private Upstream(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<Upstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new Upstream(app);
        app.Run(context =>
        {
            Interlocked.Increment(ref upstream._requests);
            return context.Response.WriteAsJsonAsync(new { upstream = "ok" });
        });
        await app.StartAsync();
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
