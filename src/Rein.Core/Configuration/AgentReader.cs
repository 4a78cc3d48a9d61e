namespace Rein.Core.Configuration;

/// <summary>Reads one entry of <c>agents</c>.</summary>
internal static class AgentReader
{
    private static readonly string[] Keys =
        ["id", "owner", "purpose", "environment", "risk", "review_by", "require_dpop", "credentials", "tools", "impersonate"];

    public static AgentConfig Read(SourceNode node, string path, ConfigDiagnostics diagnostics)
    {
        var fields = MappingReader.Open(node, path, diagnostics, Keys);
        return new AgentConfig
        {
            Id = fields.String("id") ?? "",
            Owner = fields.String("owner"),
            Purpose = fields.String("purpose"),
            Environment = fields.String("environment"),
            Risk = fields.Risk("risk"),
            ReviewBy = fields.Date("review_by"),
            RequireDpop = fields.Bool("require_dpop") ?? true,
            Credentials = ReadCredentials(fields),
            Tools = ReadBindings(fields.Mapping("tools", knownKeys: null)),
            Impersonate = fields.Sequence("impersonate")
                .Select(item => MappingReader.ReadString(item.Node, item.Path, diagnostics) ?? "")
                .ToList()
                .AsReadOnly(),
        };
    }

    /// <summary>Reads a <c>credentials</c> list (shared with admins).</summary>
    public static IReadOnlyList<CredentialConfig> ReadCredentials(MappingReader fields) => fields.Sequence("credentials")
        .Select(item => CredentialReader.Read(item.Node, item.Path, fields.Diagnostics))
        .ToList()
        .AsReadOnly();

    /// <summary>Reads a tool id → action names mapping (agent bindings, grants).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ReadBindings(MappingReader bindings)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var toolId in bindings.Keys)
        {
            result[toolId] = bindings.Sequence(toolId)
                .Select(item => MappingReader.ReadString(item.Node, item.Path, bindings.Diagnostics) ?? "")
                .ToList()
                .AsReadOnly();
        }

        return result.AsReadOnly();
    }
}
