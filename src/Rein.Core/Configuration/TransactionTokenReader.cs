namespace Rein.Core.Configuration;

/// <summary>Reads <c>transaction_tokens</c>: <c>trust_domain</c> and <c>lifetime</c> (a duration such as <c>60s</c> or <c>2m</c>).</summary>
internal static class TransactionTokenReader
{
    private static readonly string[] Keys = ["trust_domain", "lifetime"];

    public static TransactionTokenConfig Read(MappingReader root, ConfigDiagnostics diagnostics)
    {
        if (!root.Has("transaction_tokens")) return TransactionTokenConfig.Default;
        var fields = root.Mapping("transaction_tokens", Keys);
        var lifetime = TransactionTokenConfig.DefaultLifetime;
        if (fields.String("lifetime") is { } text)
        {
            if (DurationText.TryParse(text, out var parsed))
            {
                lifetime = parsed;
            }
            else
            {
                diagnostics.ReportUnreadable(fields.PathOf("lifetime"), fields.Node("lifetime")!, $"expected a duration such as 30s, 60s or 2m, found {Quote.Value(text)}");
            }
        }
        return new TransactionTokenConfig { TrustDomain = fields.String("trust_domain"), Lifetime = lifetime };
    }
}
