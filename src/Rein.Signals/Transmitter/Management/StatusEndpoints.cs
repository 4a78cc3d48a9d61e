using Microsoft.AspNetCore.Http;
using Rein.Signals.Transmitter.Events;
using Rein.Signals.Transmitter.Streams;

namespace Rein.Signals.Transmitter.Management;

/// <summary>
/// The Status Endpoint (SSF 1.0 §8.1.2). Every change of status is announced on the stream with a
/// <c>stream-updated</c> SET, which is delivered even to a paused or disabled stream; pausing holds events,
/// disabling drops the ones waiting and every later one until the stream is enabled again.
/// </summary>
internal sealed class StatusEndpoints(
    ReceiverAuthorization authorization,
    StreamCatalog catalog,
    StreamStore store,
    EventFanout fanout)
{
    public const int MaxReason = 512;

    public IResult Read(HttpContext http)
    {
        var access = authorization.Authorize(http, change: false);
        if (!access.Allowed) return access.Failure!;
        var streamId = http.Request.Query["stream_id"];
        if (streamId.Count != 1) return ManagementResults.BadRequest("stream_id is required as a query parameter.");
        var stream = catalog.Get(streamId[0]!);
        if (stream is null || stream.ReceiverId != access.Receiver!.Id) return ManagementResults.NotFound();
        return ManagementResults.Json(Body(stream));
    }

    public async Task<IResult> UpdateAsync(HttpContext http)
    {
        var access = authorization.Authorize(http, change: true);
        if (!access.Allowed) return access.Failure!;
        var body = await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        if (body.Error is not null) return body.Error;
        using var document = body.Document!;
        var root = document.RootElement;
        var streamId = JsonBody.String(root, "stream_id", out var badId);
        var statusName = JsonBody.String(root, "status", out var badStatus);
        var reason = JsonBody.String(root, "reason", out var badReason);
        if (badId || streamId is null) return ManagementResults.BadRequest("stream_id is required.");
        if (badStatus || !StreamStatusNames.TryParse(statusName, out var status)) return ManagementResults.BadRequest("status must be enabled, paused or disabled.");
        if (badReason || reason is { Length: > MaxReason }) return ManagementResults.BadRequest($"reason must be a string of at most {MaxReason} characters.");
        var stream = catalog.Get(streamId);
        if (stream is null || stream.ReceiverId != access.Receiver!.Id) return ManagementResults.NotFound();

        if (stream.Status != status || stream.StatusReason != reason)
        {
            var changed = stream with { Status = status, StatusReason = reason };
            await store.SaveAsync(changed, http.RequestAborted).ConfigureAwait(false);
            // Note: the new status is in force before the notice is queued, so the notice comes after every SET queued
            // before it: held SETs precede "enabled", and nothing queued after "paused" or "disabled" slips out.
            catalog.Put(changed);
            if (status == StreamStatus.Disabled) await store.DropPendingAsync(stream.StreamId, http.RequestAborted).ConfigureAwait(false);
            if (stream.Status != status)
            {
                await fanout.EmitToAsync(changed, StreamControlEvents.StreamUpdated(stream.StreamId, status, reason), http.RequestAborted).ConfigureAwait(false);
            }
            stream = changed;
        }
        return ManagementResults.Json(Body(stream));
    }

    private static Dictionary<string, object?> Body(StreamState stream)
    {
        var body = new Dictionary<string, object?> { ["stream_id"] = stream.StreamId, ["status"] = StreamStatusNames.Name(stream.Status) };
        if (stream.StatusReason is not null) body["reason"] = stream.StatusReason;
        return body;
    }
}
