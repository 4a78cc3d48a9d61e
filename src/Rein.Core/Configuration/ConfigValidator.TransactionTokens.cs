namespace Rein.Core.Configuration;

public static partial class ConfigValidator
{
    private const int MaxTrustDomainLength = 256;

    private static void ValidateTransactionTokens(TransactionTokenConfig config, ConfigDiagnostics diagnostics)
    {
        const string Path = "transaction_tokens";
        if (config.TrustDomain is { } trustDomain)
        {
            ReportIfInvalid(diagnostics, ConfigPath.Key(Path, "trust_domain"), TrustDomainError(trustDomain));
        }

        if (config.Lifetime < TimeSpan.FromSeconds(1) || config.Lifetime > TransactionTokenConfig.MaxLifetime)
        {
            diagnostics.Report(ConfigPath.Key(Path, "lifetime"), "must be from 1s to 5m: a transaction token lives for one call chain");
        }
    }

    /// <summary>
    /// A trust domain is the <c>aud</c> upstream services compare byte for byte: an absolute URI without fragment, or a
    /// DNS name as the draft's examples use (<c>trust-domain.example</c>).
    /// </summary>
    private static string? TrustDomainError(string value)
    {
        if (value.Length == 0 || value.Length > MaxTrustDomainLength)
        {
            return $"must be 1 to {MaxTrustDomainLength} characters";
        }

        if (value.Any(char.IsWhiteSpace))
        {
            return "must not contain spaces";
        }

        if (value.Contains(':', StringComparison.Ordinal))
        {
            return UrlRules.ResourceUri(value);
        }

        return IsDnsName(value)
            ? null
            : $"expected an absolute URI (https://rein.example.com, spiffe://example.org) or a DNS name (trust-domain.example), found {Quote.Value(value)}";
    }

    private static bool IsDnsName(string value)
    {
        foreach (var label in value.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-') return false;
            foreach (var c in label)
            {
                if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-') return false;
            }
        }
        return true;
    }
}
