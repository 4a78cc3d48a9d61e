using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rein.Core.Configuration;
using Rein.Core.Hosting;
using Rein.Signals.Transmitter.Events;
using Rein.Signals.Transmitter.Streams;

namespace Rein.Signals.Transmitter.Management;

/// <summary>
/// The Configuration Endpoint (SSF 1.0 §8.1.1): create (POST), read (GET), update (PATCH), replace (PUT) and delete
/// (DELETE) streams. A receiver sees only its own streams; another receiver's stream is answered 404, as if absent.
/// </summary>
internal sealed class StreamConfigurationEndpoints(
    ReceiverAuthorization authorization,
    StreamCatalog catalog,
    StreamStore store,
    IssuerIdentity identity,
    TransmitterOptions options,
    EventTypesSupported events,
    TimeProvider time)
{
    private static readonly string[] TransmitterSupplied = ["iss", "aud", "events_supported", "events_delivered", "min_verification_interval"];

    public async Task<IResult> CreateAsync(HttpContext http)
    {
        var access = authorization.Authorize(http, change: true);
        if (!access.Allowed) return access.Failure!;
        var receiver = access.Receiver!;
        var body = await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        if (body.Error is not null) return body.Error;
        using var document = body.Document!;
        var (request, error) = StreamRequest.Parse(document.RootElement);
        if (request is null) return ManagementResults.BadRequest(error!);

        if (catalog.ForReceiver(receiver.Id).Count >= receiver.MaxStreams)
        {
            return ManagementResults.Problem(StatusCodes.Status409Conflict, "Too many streams",
                $"This receiver already has the {receiver.MaxStreams} streams it may hold; read, update or delete one of them.");
        }
        var streamId = Events.SetWriter.NewJti();
        var (delivery, deliveryError) = Delivery(request, receiver, streamId);
        if (deliveryError is not null) return ManagementResults.BadRequest(deliveryError);

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var stream = delivery! with
        {
            StreamId = streamId,
            ReceiverId = receiver.Id,
            Audience = receiver.EffectiveAudience,
            EventsRequested = request.EventsRequested,
            EventsDelivered = events.Delivered(request.EventsRequested),
            Description = request.Description,
            Status = StreamStatus.Enabled,
            CreatedAt = now,
        };
        await store.CreateAsync(stream, http.RequestAborted).ConfigureAwait(false);
        catalog.Put(stream);
        return ManagementResults.Json(StreamJson.Write(stream, identity.Issuer, options, events), StatusCodes.Status201Created);
    }

    public IResult Read(HttpContext http)
    {
        var access = authorization.Authorize(http, change: false);
        if (!access.Allowed) return access.Failure!;
        var streamId = http.Request.Query["stream_id"];
        if (streamId.Count == 0)
        {
            return ManagementResults.Json(catalog.ForReceiver(access.Receiver!.Id).Select(s => StreamJson.Write(s, identity.Issuer, options, events)).ToList());
        }
        var stream = Owned(streamId.Count == 1 ? streamId[0] : null, access.Receiver!);
        return stream is null ? ManagementResults.NotFound() : ManagementResults.Json(StreamJson.Write(stream, identity.Issuer, options, events));
    }

    public Task<IResult> UpdateAsync(HttpContext http) => ChangeAsync(http, replace: false);

    public Task<IResult> ReplaceAsync(HttpContext http) => ChangeAsync(http, replace: true);

    public async Task<IResult> DeleteAsync(HttpContext http)
    {
        var access = authorization.Authorize(http, change: true);
        if (!access.Allowed) return access.Failure!;
        var streamId = http.Request.Query["stream_id"];
        if (streamId.Count != 1) return ManagementResults.BadRequest("stream_id is required as a query parameter.");
        var stream = Owned(streamId[0], access.Receiver!);
        if (stream is null) return ManagementResults.NotFound();
        await store.DeleteAsync(stream.StreamId, http.RequestAborted).ConfigureAwait(false);
        catalog.Remove(stream.StreamId);
        return ManagementResults.NoContent();
    }

    /// <summary>PATCH changes the receiver-supplied members present; PUT replaces them all (absent means removed).</summary>
    private async Task<IResult> ChangeAsync(HttpContext http, bool replace)
    {
        var access = authorization.Authorize(http, change: true);
        if (!access.Allowed) return access.Failure!;
        var receiver = access.Receiver!;
        var body = await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        if (body.Error is not null) return body.Error;
        using var document = body.Document!;
        var root = document.RootElement;
        var streamId = JsonBody.String(root, "stream_id", out var badId);
        if (badId || streamId is null) return ManagementResults.BadRequest("stream_id is required.");
        var stream = Owned(streamId, receiver);
        if (stream is null) return ManagementResults.NotFound();

        if (MismatchedTransmitterValue(root, StreamJson.Write(stream, identity.Issuer, options, events)) is { } name)
        {
            return ManagementResults.BadRequest($"{name} is set by the transmitter and does not match its value.");
        }
        var (request, error) = StreamRequest.Parse(root);
        if (request is null) return ManagementResults.BadRequest(error!);

        var changed = stream;
        if (request.HasEventsRequested || replace)
        {
            changed = changed with { EventsRequested = request.EventsRequested, EventsDelivered = events.Delivered(request.EventsRequested) };
        }
        if (request.HasDescription || replace) changed = changed with { Description = request.Description };
        if (request.HasDelivery || replace)
        {
            var (delivery, deliveryError) = Delivery(request, receiver, stream.StreamId);
            if (deliveryError is not null) return ManagementResults.BadRequest(deliveryError);
            changed = changed with { Method = delivery!.Method, EndpointUrl = delivery.EndpointUrl, Authorization = delivery.Authorization };
        }
        await store.SaveAsync(changed, http.RequestAborted).ConfigureAwait(false);
        catalog.Put(changed);
        return ManagementResults.Json(StreamJson.Write(changed, identity.Issuer, options, events));
    }

    /// <summary>The delivery a request asks for; without one, poll (SSF 1.0 §8.1.1.1).</summary>
    private (StreamState? Delivery, string? Error) Delivery(StreamRequest request, SignalReceiverConfig receiver, string streamId)
    {
        var template = new StreamState { StreamId = streamId, ReceiverId = receiver.Id, Audience = receiver.EffectiveAudience, Method = SsfPaths.PollMethod };
        if (!request.HasDelivery || request.Method == SsfPaths.PollMethod)
        {
            if (request.EndpointUrl is { } url && url != StreamJson.PollUrl(identity.Issuer, streamId))
            {
                return (null, "For poll delivery the transmitter supplies endpoint_url; leave it out.");
            }
            if (request.Authorization is not null) return (null, "authorization_header applies only to push delivery.");
            return (template, null);
        }
        if (request.EndpointUrl is null) return (null, "delivery.endpoint_url is required for push delivery.");
        if (PushEndpointRules.Check(request.EndpointUrl, receiver.PushEndpoints) is { } error) return (null, error);
        return (template with { Method = SsfPaths.PushMethod, EndpointUrl = request.EndpointUrl, Authorization = request.Authorization }, null);
    }

    private StreamState? Owned(string? streamId, SignalReceiverConfig receiver) =>
        streamId is { Length: > 0 and <= 64 } && catalog.Get(streamId) is { } stream && stream.ReceiverId == receiver.Id ? stream : null;

    /// <summary>SSF 1.0 §8.1.1.3/4: transmitter-supplied members may be sent back, but must match.</summary>
    private static string? MismatchedTransmitterValue(JsonElement body, Dictionary<string, object?> expected)
    {
        foreach (var name in TransmitterSupplied)
        {
            if (!body.TryGetProperty(name, out var sent) || sent.ValueKind == JsonValueKind.Null) continue;
            var ours = JsonSerializer.SerializeToElement(expected[name]);
            if (!SameValue(sent, ours)) return name;
        }
        return null;
    }

    private static bool SameValue(JsonElement sent, JsonElement ours)
    {
        if (sent.ValueKind == JsonValueKind.Array && ours.ValueKind == JsonValueKind.Array)
        {
            // Note: these arrays are sets of URIs; their order carries no meaning.
            var a = sent.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText()).ToHashSet(StringComparer.Ordinal);
            var b = ours.EnumerateArray().Select(e => e.GetString()).ToHashSet(StringComparer.Ordinal);
            return a.SetEquals(b);
        }
        if (sent.ValueKind == JsonValueKind.Array && sent.GetArrayLength() == 1) return SameValue(sent[0], ours);
        return JsonElement.DeepEquals(sent, ours);
    }
}
