using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Rein.Signals.Tests.Transmitter.Infrastructure;

/// <summary>
/// An RFC 8935 push receiver on loopback: records every SET it is sent (with its headers) and answers 202, or what
/// the test scripted for the next requests (a 503, a 400 with an error code).
/// </summary>
internal sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();
    private readonly List<Received> _received = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public sealed record Received(string Path, string Set, string? ContentType, string? Accept, string? Authorization);

    private LoopbackReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>Every request that was answered 202, in arrival order.</summary>
    public IReadOnlyList<Received> Accepted
    {
        get { lock (_gate) return [.. _received]; }
    }

    /// <summary>How many requests arrived, whatever the answer.</summary>
    public int Attempts { get; private set; }

    public static async Task<LoopbackReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new LoopbackReceiver(app);
        app.MapPost("/events/{**rest}", receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = app.Urls.First();
        return receiver;
    }

    public string Endpoint(string name) => Url + "/events/" + name;

    /// <summary>The next <paramref name="count"/> requests are answered <paramref name="status"/> (with an RFC 8935 error body for 400).</summary>
    public void FailNext(int count, int status, string? err = null)
    {
        for (var i = 0; i < count; i++)
        {
            _script.Enqueue(async context =>
            {
                context.Response.StatusCode = status;
                if (err is not null)
                {
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync($$"""{"err":"{{err}}","description":"scripted refusal"}""");
                }
            });
        }
    }

    /// <summary>Forgets the scripted answers not yet used: from now on every request is accepted.</summary>
    public void ClearScript() => _script.Clear();

    /// <summary>Waits until at least <paramref name="count"/> SETs were accepted at <paramref name="name"/> (bounded).</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(string name, int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var matching = _received.Where(r => r.Path == "/events/" + name).ToList();
                if (matching.Count >= count) return matching;
                changed = _changed.Task;
            }
            await changed.WaitAsync(deadline.Token);
        }
    }

    public IReadOnlyList<Received> At(string name)
    {
        lock (_gate) return _received.Where(r => r.Path == "/events/" + name).ToList();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Attempts++;
        if (_script.TryDequeue(out var scripted))
        {
            await scripted(context);
            return;
        }
        using var reader = new StreamReader(context.Request.Body, Encoding.ASCII);
        var set = await reader.ReadToEndAsync();
        var received = new Received(context.Request.Path, set, context.Request.ContentType, context.Request.Headers.Accept, context.Request.Headers.Authorization);
        lock (_gate)
        {
            _received.Add(received);
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
