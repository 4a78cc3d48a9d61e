using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Rein.Signals.Tests.Infrastructure;

/// <summary>
/// A small SSF transmitter on loopback, as far as a receiver sees one: discovery (<c>/.well-known/ssf-configuration</c>),
/// its JWKS, stream creation, verification, and an RFC 8936 poll endpoint that long-polls until a SET is queued.
/// It records every poll request so tests can read the acknowledgements and errors Rein sent.
/// </summary>
internal sealed class FakeTransmitter : IAsyncDisposable
{
    public const string ManagementSecret = "Bearer management-secret-0123456789";
    public const string PollSecret = "Bearer poll-secret-0123456789abcdef";
    public const string StreamId = "stream-7f3a";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Jti, string Set)> _queue = new();
    private readonly ConcurrentQueue<JsonElement> _polls = new();
    private readonly SemaphoreSlim _queued = new(0);
    private readonly TaskCompletionSource<string> _verification = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<TaskCompletionSource<JsonElement>> _pollWaiters = new();
    private readonly string _audience;

    private FakeTransmitter(WebApplication app, string audience)
    {
        _app = app;
        _audience = audience;
    }

    public string Issuer => _app.Urls.First();
    public TestTransmitter Signer { get; private set; } = null!;
    public JsonElement? CreateRequest { get; private set; }

    /// <summary>The state Rein asked to have echoed in a verification event.</summary>
    public Task<string> VerificationRequested => _verification.Task;

    public IReadOnlyList<JsonElement> Polls => [.. _polls];

    public static async Task<FakeTransmitter> StartAsync(string audience)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTransmitter(app, audience);
        app.MapGet("/.well-known/ssf-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["spec_version"] = "1_0",
            ["issuer"] = fake.Issuer,
            ["jwks_uri"] = fake.Issuer + "/jwks",
            ["delivery_methods_supported"] = new[] { "urn:ietf:rfc:8936" },
            ["configuration_endpoint"] = fake.Issuer + "/ssf/stream",
            ["verification_endpoint"] = fake.Issuer + "/ssf/verify",
        }));
        app.MapGet("/jwks", () => Results.Text(fake.Signer.Jwks, "application/json"));
        app.MapPost("/ssf/stream", (Func<HttpContext, Task<IResult>>)fake.CreateStreamAsync);
        app.MapPost("/ssf/verify", (Func<HttpContext, Task<IResult>>)fake.VerifyAsync);
        app.MapPost("/ssf/poll", (Func<HttpContext, Task<IResult>>)fake.PollAsync);
        await app.StartAsync();
        fake.Signer = TestTransmitter.Create(fake.Issuer);
        return fake;
    }

    /// <summary>Queues a SET for the next poll; returns its jti.</summary>
    public string Enqueue(string jti, string set)
    {
        _queue.Enqueue((jti, set));
        _queued.Release();
        return jti;
    }

    /// <summary>Completes with the first poll request (arriving from now on) that satisfies <paramref name="match"/>.</summary>
    public async Task<JsonElement> WaitForPollAsync(Func<JsonElement, bool> match)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var waiter = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pollWaiters.Enqueue(waiter);
            foreach (var seen in _polls)
            {
                if (match(seen)) return seen;
            }
            var next = await waiter.Task.WaitAsync(deadline.Token);
            if (match(next)) return next;
        }
    }

    private async Task<IResult> CreateStreamAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization != ManagementSecret) return Results.StatusCode(401);
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        CreateRequest = body.RootElement.Clone();
        return Results.Json(new Dictionary<string, object>
        {
            ["stream_id"] = StreamId,
            ["iss"] = Issuer,
            ["aud"] = _audience,
            ["delivery"] = new Dictionary<string, string> { ["method"] = "urn:ietf:rfc:8936", ["endpoint_url"] = Issuer + "/ssf/poll" },
            ["events_delivered"] = Array.Empty<string>(),
        }, statusCode: 201);
    }

    private async Task<IResult> VerifyAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization != ManagementSecret) return Results.StatusCode(401);
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        _verification.TrySetResult(body.RootElement.GetProperty("state").GetString()!);
        return Results.NoContent();
    }

    private async Task<IResult> PollAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization != PollSecret) return Results.StatusCode(401);
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var request = body.RootElement.Clone();
        _polls.Enqueue(request);
        while (_pollWaiters.TryDequeue(out var waiter)) waiter.TrySetResult(request);

        // Long poll (RFC 8936 §2.4): hold until a SET is queued or the receiver goes away.
        try
        {
            await _queued.WaitAsync(TimeSpan.FromSeconds(30), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return Results.Empty;
        }

        var sets = new Dictionary<string, string>(StringComparer.Ordinal);
        while (_queue.TryDequeue(out var item)) sets[item.Jti] = item.Set;
        return Results.Json(new Dictionary<string, object> { ["sets"] = sets, ["moreAvailable"] = false });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _queued.Dispose();
    }
}
