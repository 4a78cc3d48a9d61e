using System.Globalization;

namespace Rein.Core.Configuration;

internal static partial class SignalsReader
{
    private static readonly string[] Keys = ["transmitters", "receivers", "anomalies"];
    private static readonly string[] ReceiverKeys = ["id", "credentials", "require_dpop", "audience", "signing_alg", "push_endpoints", "max_streams"];
    private static readonly string[] AnomalyKeys = ["enabled", "burst", "denials", "token_reuse", "new_address", "quarantine"];
    private static readonly string[] WindowKeys = ["requests", "per"];

    /// <summary>Reads <c>signals.receivers</c> and <c>signals.anomalies</c>.</summary>
    private static SignalsConfig ReadTransmitter(MappingReader fields, SignalsConfig config) => config with
    {
        Receivers = fields.Sequence("receivers").Select(item => ReadReceiver(item.Node, item.Path, fields.Diagnostics)).ToList().AsReadOnly(),
        Anomalies = fields.Has("anomalies") ? ReadAnomalies(fields.Mapping("anomalies", AnomalyKeys)) : AnomalyConfig.Default,
    };

    private static SignalReceiverConfig ReadReceiver(SourceNode node, string path, ConfigDiagnostics diagnostics)
    {
        var fields = MappingReader.Open(node, path, diagnostics, ReceiverKeys);
        var maxStreams = fields.String("max_streams");
        int? max = null;
        if (maxStreams is not null)
        {
            if (int.TryParse(maxStreams, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1000) max = n;
            else diagnostics.Report(fields.PathOf("max_streams"), $"expected a whole number from 1 to 1000, found {Quote.Value(maxStreams)}");
        }
        return new SignalReceiverConfig
        {
            Id = fields.String("id") ?? "",
            Credentials = AgentReader.ReadCredentials(fields),
            RequireDpop = fields.Bool("require_dpop") ?? true,
            Audience = fields.String("audience"),
            SigningAlgorithm = fields.String("signing_alg") ?? "ES256",
            PushEndpoints = fields.Sequence("push_endpoints")
                .Select(item => MappingReader.ReadString(item.Node, item.Path, diagnostics) ?? "").ToList().AsReadOnly(),
            MaxStreams = max ?? 10,
        };
    }

    private static AnomalyConfig ReadAnomalies(MappingReader fields)
    {
        var defaults = AnomalyConfig.Default;
        var quarantine = new List<AnomalyKind>();
        foreach (var (itemNode, itemPath) in fields.Sequence("quarantine"))
        {
            var name = MappingReader.ReadString(itemNode, itemPath, fields.Diagnostics);
            if (name is null) continue;
            if (AnomalyKinds.TryParse(name, out var kind))
            {
                if (!quarantine.Contains(kind)) quarantine.Add(kind);
                continue;
            }
            var suggestion = fields.Diagnostics.Suggest(name, AnomalyKinds.Names);
            fields.Diagnostics.Report(itemPath, suggestion is null
                ? $"unknown finding {Quote.Value(name)} (expected {Quote.Choices(AnomalyKinds.Names)})"
                : $"unknown finding {Quote.Value(name)} (did you mean '{suggestion}'?)");
        }
        return new AnomalyConfig
        {
            Enabled = fields.Bool("enabled") ?? defaults.Enabled,
            Burst = ReadWindow(fields, "burst") ?? defaults.Burst,
            Denials = ReadWindow(fields, "denials") ?? defaults.Denials,
            TokenReuse = fields.Bool("token_reuse") ?? defaults.TokenReuse,
            NewAddress = fields.Bool("new_address") ?? defaults.NewAddress,
            Quarantine = quarantine.AsReadOnly(),
        };
    }

    /// <summary>Reads <c>{ requests: N, per: DURATION }</c> with the same rules as a tool's <c>rate_limit</c>.</summary>
    private static RateLimitConfig? ReadWindow(MappingReader parent, string key)
    {
        if (!parent.Has(key)) return null;
        var fields = parent.Mapping(key, WindowKeys);
        var requestsText = fields.String("requests");
        var perText = fields.String("per");
        int? requests = null;
        TimeSpan? per = null;
        if (requestsText is not null && int.TryParse(requestsText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1_000_000)
        {
            requests = n;
        }
        else
        {
            fields.Diagnostics.Report(fields.PathOf("requests"), $"expected a whole number from 1 to 1000000, found {Quote.Value(requestsText ?? "nothing")}");
        }
        if (perText is not null && RateLimitReader.TryParseDuration(perText, out var window) && window >= TimeSpan.FromSeconds(1) && window <= TimeSpan.FromHours(1))
        {
            per = window;
        }
        else
        {
            fields.Diagnostics.Report(fields.PathOf("per"), $"expected a duration from 1s to 1h such as 10s, 1m or 1h, found {Quote.Value(perText ?? "nothing")}");
        }
        return requests is { } r && per is { } p ? new RateLimitConfig(r, p) : null;
    }
}
