namespace Rein.Core.Configuration;

/// <summary>Reads one entry of <c>tools</c>.</summary>
internal static class ToolReader
{
    private static readonly string[] Keys = ["id", "audience", "upstream", "risk", "actions", "signing_alg", "allow_bearer", "rate_limit", "approval", "transaction_token"];

    public static ToolConfig Read(SourceNode node, string path, ConfigDiagnostics diagnostics)
    {
        var fields = MappingReader.Open(node, path, diagnostics, Keys);
        var actions = fields.Sequence("actions")
            .Select(item => ActionReader.Read(item.Node, item.Path, diagnostics))
            .ToList();
        return new ToolConfig
        {
            Id = fields.String("id") ?? "",
            Audience = fields.String("audience") ?? "",
            Upstream = fields.String("upstream"),
            Risk = fields.Risk("risk") ?? RiskTier.Medium,
            Actions = actions.AsReadOnly(),
            SigningAlgorithm = fields.String("signing_alg") ?? "ES256",
            AllowBearer = fields.Bool("allow_bearer") ?? false,
            RateLimit = RateLimitReader.Read(fields, diagnostics),
            ApprovalRequired = fields.Approval("approval") ?? false,
            TransactionToken = fields.Bool("transaction_token") ?? true,
        };
    }
}
