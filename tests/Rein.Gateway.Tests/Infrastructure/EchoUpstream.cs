using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Rein.Gateway.Tests.Infrastructure;

/// <summary>
/// A real upstream tool on loopback: answers every method and path with 200 and a small JSON body naming the path,
/// records every request it receives (method, raw target, path, query, all headers) and can hold a request open.
/// Its body never repeats request headers, so whatever a test finds in a response came from the gateway.
/// </summary>
internal sealed class EchoUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _log = new();
    private readonly ConcurrentDictionary<string, UpstreamGate> _gates = new(StringComparer.Ordinal);

    private EchoUpstream(WebApplication app) => _app = app;

    /// <summary>The upstream's base URL, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Url => _app.Urls.First();

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _log];

    public void Clear() => _log.Clear();

    /// <summary>The next request for <paramref name="path"/> waits at the upstream until the gate is released.</summary>
    public UpstreamGate Block(string path) => _gates[path] = new UpstreamGate();

    public static async Task<EchoUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var echo = new EchoUpstream(app);
        app.Run(echo.HandleAsync);
        await app.StartAsync();
        return echo;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? string.Empty).ToArray(), StringComparer.OrdinalIgnoreCase);
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty;
        _log.Enqueue(new RecordedRequest(request.Method, rawTarget, request.Path.Value ?? string.Empty, request.QueryString.Value ?? string.Empty, headers));

        if (_gates.TryRemove(request.Path.Value ?? string.Empty, out var gate))
        {
            await gate.WaitAsync();
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        await context.Response.WriteAsJsonAsync(new { upstream = "echo", method = request.Method, path = request.Path.Value });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gate in _gates.Values) gate.Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
