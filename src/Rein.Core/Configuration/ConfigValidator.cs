namespace Rein.Core.Configuration;

/// <summary>
/// The one place the rules of <c>rein.yaml</c> live (DESIGN §5). It checks a whole <see cref="ReinConfig"/> and reports
/// every broken rule, each with the path of the field in the file's vocabulary (<c>agents[1].credentials[0].issuer</c>):
/// syntax of ids, URLs and templates, uniqueness, and cross-references between tools, agents, admins and trust.
/// </summary>
/// <remarks>
/// <see cref="ConfigLoader"/> runs it on every file it reads; the admin API can run it on a configuration built in
/// code, whose errors then carry paths but no line numbers.
/// </remarks>
public static partial class ConfigValidator
{
    /// <summary>Checks <paramref name="config"/> and returns every error; empty when it is valid.</summary>
    public static IReadOnlyList<ConfigError> Validate(ReinConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var diagnostics = new ConfigDiagnostics("");
        Validate(config, diagnostics);
        return diagnostics.Errors();
    }

    internal static void Validate(ReinConfig config, ConfigDiagnostics diagnostics)
    {
        if (config.Issuer is not null)
        {
            ReportIfInvalid(diagnostics, "issuer", UrlRules.HttpUrl(config.Issuer, httpsUnlessLoopback: true, allowQuery: false));
        }

        if (config.Store is not null)
        {
            ReportIfInvalid(diagnostics, "store", StoreRules.Check(config.Store));
        }

        ValidateTransactionTokens(config.TransactionTokens ?? TransactionTokenConfig.Default, diagnostics);
        var trust = ValidateTrust(config.Trust ?? [], diagnostics);
        var actionOwners = ValidateTools(config.Tools ?? [], diagnostics);
        ValidateClients(config, trust, actionOwners, diagnostics);
        ValidateSignalTransmitters(config.Signals?.Transmitters ?? [], diagnostics);
        ValidateGrants(config, diagnostics);
    }

    private static void ReportIfInvalid(ConfigDiagnostics diagnostics, string path, string? error)
    {
        if (error is not null)
        {
            diagnostics.Report(path, error);
        }
    }

    /// <summary>Reports a missing value; returns whether it was present.</summary>
    private static bool Require(ConfigDiagnostics diagnostics, string path, string? value, string key)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        diagnostics.Report(ConfigPath.Key(path, key), $"'{key}' is required");
        return false;
    }
}
