namespace Rein.Core.Configuration;

public static partial class ConfigValidator
{
    /// <summary>
    /// Checks <c>signals.receivers</c>: ids share the client namespace with agents and admins, credentials follow the
    /// admin rules, push endpoints are https (http only on loopback) prefixes without query or fragment.
    /// </summary>
    private static void ValidateSignalReceivers(
        SignalsConfig signals,
        Dictionary<string, TrustConfig> trust,
        Dictionary<string, string> clientIds,
        Dictionary<(string Issuer, string Subject), string> workloads,
        ConfigDiagnostics diagnostics)
    {
        var receivers = signals.Receivers ?? [];
        for (var i = 0; i < receivers.Count; i++)
        {
            var receiver = receivers[i];
            var path = ConfigPath.Index("signals.receivers", i);
            ValidateClientId(receiver.Id, path, clientIds, diagnostics);
            ValidateCredentials(receiver.Credentials ?? [], path, isAdmin: true, trust, workloads, diagnostics);
            if (receiver.SigningAlgorithm is not ("ES256" or "RS256"))
            {
                diagnostics.Report(ConfigPath.Key(path, "signing_alg"), $"expected ES256 or RS256, found {Quote.Value(receiver.SigningAlgorithm)}");
            }
            if (receiver.Audience is { } audience && (audience.Length == 0 || audience.Length > 512 || audience.Any(char.IsWhiteSpace)))
            {
                diagnostics.Report(ConfigPath.Key(path, "audience"), "expected a non-empty audience without spaces, at most 512 characters");
            }
            var endpoints = receiver.PushEndpoints ?? [];
            for (var k = 0; k < endpoints.Count; k++)
            {
                var error = UrlRules.HttpUrl(endpoints[k], httpsUnlessLoopback: true, allowQuery: false);
                if (error is not null) diagnostics.Report(ConfigPath.Index(ConfigPath.Key(path, "push_endpoints"), k), error);
            }
        }
    }
}
