namespace Rein.Core.Configuration;

public static partial class ConfigValidator
{
    /// <summary>The CAEP 1.0 and RISC 1.0 event names a transmitter's <c>actions</c> may override.</summary>
    public static readonly IReadOnlyList<string> SignalEventNames =
    [
        "session-revoked", "token-claims-change", "credential-change", "assurance-level-change", "device-compliance-change",
        "session-established", "session-presented", "risk-level-change",
        "account-credential-change-required", "account-purged", "account-disabled", "account-enabled", "identifier-changed",
        "identifier-recycled", "credential-compromise", "opt-in", "opt-out-initiated", "opt-out-cancelled", "opt-out-effective",
        "recovery-activated", "recovery-information-changed", "sessions-revoked",
    ];

    /// <summary>What an event may make Rein do.</summary>
    public static readonly IReadOnlyList<string> SignalActionNames = ["revoke", "suspend", "restrict", "log"];

    private static readonly string[] SignalAlgorithms = ["ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];

    /// <summary>Credentials shorter than this are guessable; the transmitter and Rein share them as secrets.</summary>
    private const int MinSecretLength = 16;

    private static void ValidateSignalTransmitters(IReadOnlyList<SignalTransmitterConfig> transmitters, ConfigDiagnostics diagnostics)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var issuers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < transmitters.Count; i++)
        {
            var entry = transmitters[i];
            var path = ConfigPath.Index("signals.transmitters", i);
            if (Require(diagnostics, path, entry.Id, "id"))
            {
                if (!IdRules.IsValidId(entry.Id))
                {
                    diagnostics.Report(ConfigPath.Key(path, "id"), $"invalid id {Quote.Value(entry.Id)}: use letters, digits, '-', '_' and '.'");
                }
                else if (!ids.TryAdd(entry.Id, path))
                {
                    diagnostics.Report(ConfigPath.Key(path, "id"), $"duplicate transmitter id {Quote.Value(entry.Id)} (also declared at {ids[entry.Id]})");
                }
            }

            if (Require(diagnostics, path, entry.Issuer, "issuer"))
            {
                ReportIfInvalid(diagnostics, ConfigPath.Key(path, "issuer"), UrlRules.HttpUrl(entry.Issuer, httpsUnlessLoopback: true, allowQuery: false));
                if (!issuers.TryAdd(entry.Issuer, path))
                {
                    // Note: a SET's jti is unique per issuer (RFC 8417 §2.2); two entries for one issuer would split it.
                    diagnostics.Report(ConfigPath.Key(path, "issuer"), $"duplicate transmitter issuer {Quote.Value(entry.Issuer)} (also declared at {issuers[entry.Issuer]})");
                }
            }

            Require(diagnostics, path, entry.Audience, "audience");
            ValidateSignalKeys(entry, path, diagnostics);
            ValidateSignalAlgorithms(entry, path, diagnostics);
            ValidateSignalDelivery(entry, path, diagnostics);
            ValidateSignalActions(entry, path, diagnostics);
        }
    }

    private static void ValidateSignalKeys(SignalTransmitterConfig entry, string path, ConfigDiagnostics diagnostics)
    {
        var jwksUriPath = ConfigPath.Key(path, "jwks_uri");
        if (entry.JwksJson is not null && entry.JwksUri is not null)
        {
            diagnostics.Report(jwksUriPath, "'jwks' and 'jwks_uri' are mutually exclusive; keep one (or neither, to use the transmitter's discovery document)");
        }
        else if (entry.JwksJson is not null)
        {
            foreach (var (errorPath, message) in JwksRules.Check(entry.JwksJson, ConfigPath.Key(path, "jwks"))) diagnostics.Report(errorPath, message);
        }
        else if (entry.JwksUri is not null)
        {
            ReportIfInvalid(diagnostics, jwksUriPath, UrlRules.HttpUrl(entry.JwksUri, httpsUnlessLoopback: true, allowQuery: true));
        }
    }

    private static void ValidateSignalAlgorithms(SignalTransmitterConfig entry, string path, ConfigDiagnostics diagnostics)
    {
        if (entry.Algorithms.Count == 0)
        {
            diagnostics.Report(ConfigPath.Key(path, "algorithms"), "must name at least one algorithm");
        }

        for (var i = 0; i < entry.Algorithms.Count; i++)
        {
            if (!SignalAlgorithms.Contains(entry.Algorithms[i], StringComparer.Ordinal))
            {
                diagnostics.Report(ConfigPath.Index(ConfigPath.Key(path, "algorithms"), i),
                    $"unsupported algorithm {Quote.Value(entry.Algorithms[i])} (expected {Quote.Choices(SignalAlgorithms)}); 'none' and HMAC are never accepted");
            }
        }
    }

    private static void ValidateSignalDelivery(SignalTransmitterConfig entry, string path, ConfigDiagnostics diagnostics)
    {
        if (entry.Push is null && entry.Poll is null)
        {
            diagnostics.Report(path, "a transmitter needs 'push', 'poll' or both");
        }

        if (entry.Push is { } push)
        {
            RequireSecret(diagnostics, ConfigPath.Key(path, "push"), push.Authorization);
        }

        if (entry.Poll is { } poll)
        {
            var pollPath = ConfigPath.Key(path, "poll");
            RequireSecret(diagnostics, pollPath, poll.Authorization);
            if (poll.Endpoint is not null)
            {
                ReportIfInvalid(diagnostics, ConfigPath.Key(pollPath, "endpoint"), UrlRules.HttpUrl(poll.Endpoint, httpsUnlessLoopback: true, allowQuery: true));
            }
            else if (entry.Stream is null)
            {
                diagnostics.Report(ConfigPath.Key(pollPath, "endpoint"), "'endpoint' is required unless 'stream' creates the stream (its answer names the poll endpoint)");
            }
        }

        if (entry.Stream is { } stream)
        {
            var streamPath = ConfigPath.Key(path, "stream");
            RequireSecret(diagnostics, streamPath, stream.Authorization);
            if (stream.Endpoint is not null)
            {
                ReportIfInvalid(diagnostics, ConfigPath.Key(streamPath, "endpoint"), UrlRules.HttpUrl(stream.Endpoint, httpsUnlessLoopback: true, allowQuery: false));
            }
            if (stream.PushUrl is not null)
            {
                ReportIfInvalid(diagnostics, ConfigPath.Key(streamPath, "push_url"), UrlRules.HttpUrl(stream.PushUrl, httpsUnlessLoopback: true, allowQuery: false));
            }
        }
    }

    private static void RequireSecret(ConfigDiagnostics diagnostics, string path, string value)
    {
        if (!Require(diagnostics, path, value, "authorization")) return;
        if (value.Length < MinSecretLength || value.Any(c => c is '\r' or '\n'))
        {
            // Note: never repeat the value: it is a credential.
            diagnostics.Report(ConfigPath.Key(path, "authorization"), $"must be a single-line header value of at least {MinSecretLength} characters");
        }
    }

    private static void ValidateSignalActions(SignalTransmitterConfig entry, string path, ConfigDiagnostics diagnostics)
    {
        foreach (var (eventName, action) in entry.Actions)
        {
            var actionPath = ConfigPath.Key(ConfigPath.Key(path, "actions"), eventName);
            if (!SignalEventNames.Contains(eventName, StringComparer.Ordinal))
            {
                var suggestion = KeySuggester.Suggest(eventName, SignalEventNames);
                diagnostics.ReportKey(actionPath, suggestion is null
                    ? $"unknown event {Quote.Value(eventName)} (a CAEP or RISC event name such as 'session-revoked')"
                    : $"unknown event {Quote.Value(eventName)} (did you mean '{suggestion}'?)");
            }
            if (!SignalActionNames.Contains(action, StringComparer.Ordinal))
            {
                diagnostics.Report(actionPath, $"unknown action {Quote.Value(action)} (expected {Quote.Choices(SignalActionNames)})");
            }
        }
    }
}
