namespace Rein.Core.Configuration;

public static partial class ConfigValidator
{
    private static readonly string[] TrustKinds = ["workload", "spiffe", "user"];

    /// <summary>Checks the trusted issuers; returns them by issuer (the first declaration of each).</summary>
    private static Dictionary<string, TrustConfig> ValidateTrust(IReadOnlyList<TrustConfig> trust, ConfigDiagnostics diagnostics)
    {
        var issuers = new Dictionary<string, TrustConfig>(StringComparer.Ordinal);
        var issuerPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < trust.Count; i++)
        {
            var entry = trust[i];
            var path = ConfigPath.Index("trust", i);
            var kindIsValid = ValidateTrustKind(entry, path, diagnostics);
            if (Require(diagnostics, path, entry.Issuer, "issuer"))
            {
                var issuerPath = ConfigPath.Key(path, "issuer");
                var error = TrustedIssuerError(entry, kindIsValid);
                if (error is not null)
                {
                    diagnostics.Report(issuerPath, error);
                }

                if (issuerPaths.TryAdd(entry.Issuer, path))
                {
                    issuers.Add(entry.Issuer, entry);
                }
                else
                {
                    diagnostics.Report(issuerPath, $"duplicate trusted issuer {Quote.Value(entry.Issuer)} (also declared at {issuerPaths[entry.Issuer]})");
                }
            }

            ValidateTrustKeys(entry, path, diagnostics);
            if (entry.Audience is not null && string.IsNullOrWhiteSpace(entry.Audience))
            {
                diagnostics.Report(ConfigPath.Key(path, "audience"), "must not be empty; remove it or name the audience Rein requires");
            }

            if (entry.GroupsClaim is not null)
            {
                ReportIfInvalid(diagnostics, ConfigPath.Key(path, "groups_claim"), GroupsClaimError(entry, kindIsValid));
            }
        }

        return issuers;
    }

    private static bool ValidateTrustKind(TrustConfig entry, string path, ConfigDiagnostics diagnostics)
    {
        if (TrustKinds.Contains(entry.Kind, StringComparer.Ordinal))
        {
            return true;
        }

        var kind = entry.Kind ?? "";
        var suggestion = KeySuggester.Suggest(kind, TrustKinds);
        diagnostics.Report(
            ConfigPath.Key(path, "kind"),
            suggestion is null
                ? $"unknown kind {Quote.Value(kind)} (expected {Quote.Choices(TrustKinds)})"
                : $"unknown kind {Quote.Value(kind)} (did you mean '{suggestion}'?)");
        return false;
    }

    /// <summary>The longest <c>groups_claim</c> name (IdPs namespace custom claims with a URL).</summary>
    public const int MaxGroupsClaimLength = 256;

    /// <summary>Registered JWT claims (RFC 7519 §4.1) and the ones Rein reads itself: none of them lists groups.</summary>
    private static readonly string[] ReservedClaims = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti", "scope", "scp", "may_act", "act", "cnf", "sub_id"];

    private static string? GroupsClaimError(TrustConfig entry, bool kindIsValid)
    {
        if (kindIsValid && entry.Kind != TrustedUserKind)
        {
            return "only a 'kind: user' issuer's tokens list a person's groups; remove 'groups_claim' or set 'kind: user'";
        }

        var name = entry.GroupsClaim!;
        if (name.Length == 0 || name.Length > MaxGroupsClaimLength)
        {
            return $"must be a claim name of 1 to {MaxGroupsClaimLength} characters";
        }

        foreach (var c in name)
        {
            if (c <= ' ' || c >= '\u007f')
            {
                return "must be a claim name of printable ASCII characters without spaces (such as 'groups')";
            }
        }

        return ReservedClaims.Contains(name, StringComparer.Ordinal)
            ? $"{Quote.Value(name)} is a claim Rein reads for another purpose; name the claim that lists the person's groups (such as 'groups')"
            : null;
    }

    private const string TrustedUserKind = "user";

    private static string? TrustedIssuerError(TrustConfig entry, bool kindIsValid)
    {
        if (!UrlRules.IsSpiffe(entry.Issuer))
        {
            return UrlRules.HttpUrl(entry.Issuer, httpsUnlessLoopback: true, allowQuery: false);
        }

        if (kindIsValid && entry.Kind != "spiffe")
        {
            return "a spiffe:// issuer is a SPIFFE trust domain and needs 'kind: spiffe'";
        }

        return UrlRules.SpiffeTrustDomain(entry.Issuer);
    }

    private static void ValidateTrustKeys(TrustConfig entry, string path, ConfigDiagnostics diagnostics)
    {
        var jwksPath = ConfigPath.Key(path, "jwks");
        var jwksUriPath = ConfigPath.Key(path, "jwks_uri");
        if (entry.JwksJson is not null && entry.JwksUri is not null)
        {
            diagnostics.Report(jwksUriPath, "'jwks' and 'jwks_uri' are mutually exclusive; keep one");
            return;
        }

        if (entry.JwksJson is not null)
        {
            foreach (var (errorPath, message) in JwksRules.Check(entry.JwksJson, jwksPath))
            {
                diagnostics.Report(errorPath, message);
            }
        }
        else if (entry.JwksUri is not null)
        {
            ReportIfInvalid(diagnostics, jwksUriPath, UrlRules.HttpUrl(entry.JwksUri, httpsUnlessLoopback: true, allowQuery: true));
        }
        else if (!diagnostics.IsSuppressed(jwksUriPath))
        {
            diagnostics.Report(jwksPath, "either 'jwks' or 'jwks_uri' is required");
        }
    }
}
