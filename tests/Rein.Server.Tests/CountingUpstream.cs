using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Rein.Server.Tests;

/// <summary>A tool's upstream on loopback that answers every request 200 and counts what reached it.</summary>
internal sealed class CountingUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private CountingUpstream(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();

    /// <summary>Requests the upstream has received so far.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public static async Task<CountingUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var upstream = new CountingUpstream(builder.Build());
        upstream._app.Run(context =>
        {
            Interlocked.Increment(ref upstream._calls);
            context.Response.StatusCode = 200;
            return Task.CompletedTask;
        });
        await upstream._app.StartAsync();
        return upstream;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
