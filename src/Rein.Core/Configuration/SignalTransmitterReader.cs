using System.Globalization;

namespace Rein.Core.Configuration;

/// <summary>Reads one entry of <c>signals.transmitters</c>.</summary>
internal static class SignalTransmitterReader
{
    private static readonly string[] Keys = ["id", "issuer", "jwks", "jwks_uri", "audience", "algorithms", "push", "poll", "stream", "actions", "retransmit"];
    private static readonly string[] PushKeys = ["authorization"];
    private static readonly string[] PollKeys = ["endpoint", "authorization", "interval", "max_events"];
    private static readonly string[] StreamKeys = ["endpoint", "authorization", "push_url"];

    public static SignalTransmitterConfig Read(SourceNode node, string path, ConfigDiagnostics diagnostics)
    {
        var fields = MappingReader.Open(node, path, diagnostics, Keys);
        return new SignalTransmitterConfig
        {
            Id = fields.String("id") ?? "",
            Issuer = fields.String("issuer") ?? "",
            JwksJson = JwksReader.Read(fields, "jwks"),
            JwksUri = fields.String("jwks_uri"),
            Audience = fields.String("audience") ?? "",
            Algorithms = fields.Has("algorithms")
                ? fields.Sequence("algorithms").Select(i => MappingReader.ReadString(i.Node, i.Path, diagnostics) ?? "").ToList().AsReadOnly()
                : ["ES256", "RS256"],
            Push = fields.Has("push") ? ReadPush(fields.Mapping("push", PushKeys)) : null,
            Poll = fields.Has("poll") ? ReadPoll(fields.Mapping("poll", PollKeys)) : null,
            Stream = fields.Has("stream") ? ReadStream(fields.Mapping("stream", StreamKeys)) : null,
            Actions = ReadActions(fields.Mapping("actions", knownKeys: null)),
            Retransmit = fields.Bool("retransmit") ?? false,
        };
    }

    private static SignalPushConfig ReadPush(MappingReader push) => new() { Authorization = push.String("authorization") ?? "" };

    private static SignalStreamConfig ReadStream(MappingReader stream) => new()
    {
        Endpoint = stream.String("endpoint"),
        Authorization = stream.String("authorization") ?? "",
        PushUrl = stream.String("push_url"),
    };

    private static SignalPollConfig ReadPoll(MappingReader poll)
    {
        var interval = TimeSpan.FromSeconds(5);
        if (poll.String("interval") is { } intervalText)
        {
            if (RateLimitReader.TryParseDuration(intervalText, out var parsed) && parsed >= TimeSpan.FromSeconds(1) && parsed <= TimeSpan.FromHours(1)) interval = parsed;
            else poll.Diagnostics.Report(poll.PathOf("interval"), $"expected a duration from 1s to 1h such as 5s or 1m, found {Quote.Value(intervalText)}");
        }

        var maxEvents = 100;
        if (poll.String("max_events") is { } maxText)
        {
            if (int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1000) maxEvents = n;
            else poll.Diagnostics.Report(poll.PathOf("max_events"), $"expected a whole number from 1 to 1000, found {Quote.Value(maxText)}");
        }

        return new SignalPollConfig
        {
            Endpoint = poll.String("endpoint"),
            Authorization = poll.String("authorization") ?? "",
            Interval = interval,
            MaxEvents = maxEvents,
        };
    }

    private static Dictionary<string, string> ReadActions(MappingReader actions)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in actions.Keys)
        {
            if (actions.String(key) is { } value) result[key] = value;
        }
        return result;
    }
}
