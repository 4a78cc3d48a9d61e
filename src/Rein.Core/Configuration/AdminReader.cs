namespace Rein.Core.Configuration;

/// <summary>Reads one entry of <c>admins</c>.</summary>
internal static class AdminReader
{
    private static readonly string[] Keys = ["id", "credentials"];

    public static AdminConfig Read(SourceNode node, string path, ConfigDiagnostics diagnostics)
    {
        var fields = MappingReader.Open(node, path, diagnostics, Keys);
        return new AdminConfig
        {
            Id = fields.String("id") ?? "",
            Credentials = AgentReader.ReadCredentials(fields),
        };
    }
}
