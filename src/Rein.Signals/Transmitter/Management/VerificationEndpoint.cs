using System.Globalization;
using Microsoft.AspNetCore.Http;
using Rein.Signals.Transmitter.Events;
using Rein.Signals.Transmitter.Streams;

namespace Rein.Signals.Transmitter.Management;

/// <summary>
/// The Verification Endpoint (SSF 1.0 §8.1.4): queues a verification SET echoing <c>state</c>, answered 204 before it
/// is delivered. Requests closer together than <c>min_verification_interval</c> get 429 with Retry-After. A paused
/// stream holds the verification SET like any other; a disabled stream transmits nothing, so verifying it is refused.
/// </summary>
internal sealed class VerificationEndpoint(
    ReceiverAuthorization authorization,
    StreamCatalog catalog,
    StreamStore store,
    EventFanout fanout,
    TransmitterOptions options,
    TimeProvider time)
{
    public const int MaxState = 1024;
    private readonly Lock _gate = new();

    public async Task<IResult> VerifyAsync(HttpContext http)
    {
        var access = authorization.Authorize(http, change: true);
        if (!access.Allowed) return access.Failure!;
        var body = await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        if (body.Error is not null) return body.Error;
        using var document = body.Document!;
        var root = document.RootElement;
        var streamId = JsonBody.String(root, "stream_id", out var badId);
        var state = JsonBody.String(root, "state", out var badState);
        if (badId || streamId is null) return ManagementResults.BadRequest("stream_id is required.");
        if (badState || state is { Length: > MaxState }) return ManagementResults.BadRequest($"state must be a string of at most {MaxState} characters.");
        var stream = catalog.Get(streamId);
        if (stream is null || stream.ReceiverId != access.Receiver!.Id) return ManagementResults.NotFound();
        if (stream.Status == StreamStatus.Disabled) return ManagementResults.BadRequest("The stream is disabled and transmits nothing; enable it first.");

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var interval = (long)options.MinVerificationInterval.TotalMilliseconds;
        lock (_gate)
        {
            stream = catalog.Get(streamId) ?? stream;
            if (stream.LastVerificationAt is { } last && now - last < interval)
            {
                var retry = (int)Math.Ceiling((interval - (now - last)) / 1000.0);
                http.Response.Headers.RetryAfter = Math.Max(1, retry).ToString(CultureInfo.InvariantCulture);
                return ManagementResults.Problem(StatusCodes.Status429TooManyRequests, "Too many verification requests",
                    $"Verification may be requested at most once every {(int)options.MinVerificationInterval.TotalSeconds} seconds (min_verification_interval).");
            }
            stream = stream with { LastVerificationAt = now };
            catalog.Put(stream);
        }
        await store.SaveAsync(stream, http.RequestAborted).ConfigureAwait(false);
        await fanout.EmitToAsync(stream, StreamControlEvents.Verification(stream.StreamId, state), http.RequestAborted).ConfigureAwait(false);
        return ManagementResults.NoContent();
    }
}
