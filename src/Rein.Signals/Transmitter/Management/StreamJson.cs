using Rein.Signals.Transmitter.Events;
using Rein.Signals.Transmitter.Streams;

namespace Rein.Signals.Transmitter.Management;

/// <summary>
/// A stream's configuration as the API returns it (SSF 1.0 §8.1.1). The push <c>authorization_header</c> is the
/// receiver's credential and is never returned.
/// </summary>
internal static class StreamJson
{
    public static Dictionary<string, object?> Write(StreamState stream, string issuer, TransmitterOptions options, EventTypesSupported events)
    {
        var delivery = new Dictionary<string, object?>
        {
            ["method"] = stream.Method,
            ["endpoint_url"] = stream.IsPush ? stream.EndpointUrl : PollUrl(issuer, stream.StreamId),
        };
        var json = new Dictionary<string, object?>
        {
            ["stream_id"] = stream.StreamId,
            ["iss"] = issuer,
            ["aud"] = stream.Audience,
            ["delivery"] = delivery,
            ["events_supported"] = events.All,
            ["events_requested"] = stream.EventsRequested,
            ["events_delivered"] = events.All.Where(stream.EventsDelivered.Contains).ToList(),
            ["min_verification_interval"] = (int)options.MinVerificationInterval.TotalSeconds,
        };
        if (stream.Description is not null) json["description"] = stream.Description;
        return json;
    }

    public static string PollUrl(string issuer, string streamId) => issuer + SsfPaths.PollPrefix + Uri.EscapeDataString(streamId);
}
