using System.Text.Json;

namespace Rein.Signals.Transmitter.Management;

/// <summary>
/// The receiver-supplied members of a create, update or replace request (SSF 1.0 §8.1.1): <c>events_requested</c>,
/// <c>delivery</c> and <c>description</c>, each with whether it was present at all.
/// </summary>
internal sealed record StreamRequest
{
    public const int MaxEventTypes = 64;
    public const int MaxEventTypeLength = 256;
    public const int MaxDescription = 1024;
    public const int MaxAuthorization = 4096;

    public bool HasEventsRequested { get; init; }
    public IReadOnlyList<string> EventsRequested { get; init; } = [];
    public bool HasDelivery { get; init; }
    public string? Method { get; init; }
    public string? EndpointUrl { get; init; }
    public string? Authorization { get; init; }
    public bool HasDescription { get; init; }
    public string? Description { get; init; }

    public static (StreamRequest? Request, string? Error) Parse(JsonElement body)
    {
        var request = new StreamRequest();
        if (body.TryGetProperty("events_requested", out var events) && events.ValueKind != JsonValueKind.Null)
        {
            if (events.ValueKind != JsonValueKind.Array || events.GetArrayLength() > MaxEventTypes ||
                events.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || e.GetString()!.Length is 0 or > MaxEventTypeLength))
            {
                return (null, $"events_requested must be an array of at most {MaxEventTypes} event type URIs.");
            }
            request = request with { HasEventsRequested = true, EventsRequested = events.EnumerateArray().Select(e => e.GetString()!).Distinct(StringComparer.Ordinal).ToList() };
        }
        if (body.TryGetProperty("description", out var description) && description.ValueKind != JsonValueKind.Null)
        {
            if (description.ValueKind != JsonValueKind.String) return (null, "description must be a string.");
            var text = description.GetString()!;
            // SSF 1.0 §8.1.1: the transmitter MAY truncate the description.
            request = request with { HasDescription = true, Description = text.Length > MaxDescription ? text[..MaxDescription] : text };
        }
        if (body.TryGetProperty("delivery", out var delivery) && delivery.ValueKind != JsonValueKind.Null)
        {
            if (delivery.ValueKind != JsonValueKind.Object) return (null, "delivery must be an object.");
            var method = JsonBody.String(delivery, "method", out var badMethod);
            var endpoint = JsonBody.String(delivery, "endpoint_url", out var badEndpoint);
            var authorization = JsonBody.String(delivery, "authorization_header", out var badAuthorization);
            if (badMethod || badEndpoint || badAuthorization) return (null, "delivery's members must be strings.");
            if (method is null) return (null, "delivery.method is required.");
            if (method is not (SsfPaths.PushMethod or SsfPaths.PollMethod)) return (null, "delivery.method must be urn:ietf:rfc:8935 (push) or urn:ietf:rfc:8936 (poll).");
            if (authorization is not null && (authorization.Length is 0 or > MaxAuthorization || authorization.Any(char.IsControl)))
            {
                return (null, "delivery.authorization_header must be a single-line header value.");
            }
            request = request with { HasDelivery = true, Method = method, EndpointUrl = endpoint, Authorization = authorization };
        }
        return (request, null);
    }
}
