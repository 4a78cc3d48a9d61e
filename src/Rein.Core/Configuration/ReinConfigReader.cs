namespace Rein.Core.Configuration;

/// <summary>Reads the document root into a <see cref="ReinConfig"/>, reporting shape errors along the way.</summary>
internal static class ReinConfigReader
{
    private static readonly string[] Keys = ["issuer", "store", "policies", "tools", "agents", "admins", "trust", "signals"];

    public static ReinConfig Read(SourceNode? root, ConfigDiagnostics diagnostics)
    {
        if (root is null or SourceScalar { IsNull: true })
        {
            return ReinConfig.Empty;
        }

        var fields = MappingReader.Open(root, "", diagnostics, Keys);
        return new ReinConfig
        {
            Issuer = fields.String("issuer"),
            Store = fields.String("store"),
            Policies = fields.String("policies"),
            Tools = ReadList(fields, "tools", ToolReader.Read),
            Agents = ReadList(fields, "agents", AgentReader.Read),
            Admins = ReadList(fields, "admins", AdminReader.Read),
            Trust = ReadList(fields, "trust", TrustReader.Read),
            Signals = SignalsReader.Read(fields),
        };
    }

    private static IReadOnlyList<T> ReadList<T>(
        MappingReader fields,
        string key,
        Func<SourceNode, string, ConfigDiagnostics, T> read) => fields.Sequence(key)
        .Select(item => read(item.Node, item.Path, fields.Diagnostics))
        .ToList()
        .AsReadOnly();
}
