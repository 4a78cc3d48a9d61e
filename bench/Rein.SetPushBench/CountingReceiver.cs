using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Rein.SetPushBench;

/// <summary>An RFC 8935 receiver on loopback that reads each SET, answers 202 and counts; nothing else.</summary>
internal sealed class CountingReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _count;
    private long _target = long.MaxValue;
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CountingReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public static async Task<CountingReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new CountingReceiver(app);
        app.MapPost("/events/{name}", async (HttpContext context) =>
        {
            var buffer = new byte[4096];
            while (await context.Request.Body.ReadAsync(buffer) > 0)
            {
            }
            receiver.Received();
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        await app.StartAsync();
        receiver.Url = app.Urls.First();
        return receiver;
    }

    /// <summary>Resets the count; the returned task completes when <paramref name="count"/> SETs have arrived.</summary>
    public Task Expect(long count)
    {
        Interlocked.Exchange(ref _count, 0);
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _target, count);
        return _reached.Task;
    }

    private void Received()
    {
        if (Interlocked.Increment(ref _count) == Interlocked.Read(ref _target)) _reached.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
