namespace Rein.Core.Configuration;

/// <summary>Reads one entry of <c>grants</c>.</summary>
internal static class GrantReader
{
    private static readonly string[] Keys = ["id", "user", "agent", "tools", "from", "until", "approval", "approvers"];
    private static readonly string[] UserKeys = ["issuer", "subject"];

    public static GrantConfig Read(SourceNode node, string path, ConfigDiagnostics diagnostics)
    {
        var fields = MappingReader.Open(node, path, diagnostics, Keys);
        var user = fields.Mapping("user", UserKeys);
        return new GrantConfig
        {
            Id = fields.String("id") ?? "",
            UserIssuer = user.String("issuer") ?? "",
            UserSubject = user.String("subject") ?? "",
            Agent = fields.String("agent") ?? "",
            Tools = AgentReader.ReadBindings(fields.Mapping("tools", knownKeys: null)),
            From = fields.Timestamp("from"),
            Until = fields.Timestamp("until") ?? default,
            ApprovalRequired = fields.Approval("approval") ?? false,
            Approvers = fields.Sequence("approvers")
                .Select(item => MappingReader.ReadString(item.Node, item.Path, diagnostics) ?? "")
                .ToList()
                .AsReadOnly(),
        };
    }
}
