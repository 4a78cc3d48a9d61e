namespace Rein.Core.Configuration;

/// <summary>Reads one entry of a tool's <c>actions</c>: <c>{ name, match: "METHOD /path", risk }</c>.</summary>
internal static class ActionReader
{
    private static readonly string[] Keys = ["name", "match", "risk", "approval"];

    public static ActionConfig Read(SourceNode node, string path, ConfigDiagnostics diagnostics)
    {
        var fields = MappingReader.Open(node, path, diagnostics, Keys);
        var (method, pathTemplate) = ReadMatch(fields);
        return new ActionConfig
        {
            Name = fields.String("name") ?? "",
            Method = method,
            PathTemplate = pathTemplate,
            Risk = fields.Risk("risk"),
            ApprovalRequired = fields.Approval("approval"),
        };
    }

    private static (string Method, string PathTemplate) ReadMatch(MappingReader fields)
    {
        var match = fields.String("match");
        if (match is null)
        {
            return ("", "");
        }

        var parts = match.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            fields.Diagnostics.ReportUnreadable(
                fields.PathOf("match"),
                fields.Node("match")!,
                $"expected 'METHOD /path' such as 'GET /tickets/{{id}}', found {Quote.Value(match)}");
            return ("", "");
        }

        // Note: methods are case-sensitive on the wire (RFC 9110 §9.1) and every standard one is upper-case, so
        // "get" can only mean GET.
        return (parts[0].ToUpperInvariant(), parts[1]);
    }
}
