namespace Rein.Core.Configuration;

/// <summary>Reads one entry of <c>trust</c>.</summary>
internal static class TrustReader
{
    private static readonly string[] Keys = ["issuer", "jwks", "jwks_uri", "audience", "kind", "groups_claim"];

    public static TrustConfig Read(SourceNode node, string path, ConfigDiagnostics diagnostics)
    {
        var fields = MappingReader.Open(node, path, diagnostics, Keys);
        return new TrustConfig
        {
            Issuer = fields.String("issuer") ?? "",
            JwksJson = JwksReader.Read(fields, "jwks"),
            JwksUri = fields.String("jwks_uri"),
            Audience = fields.String("audience"),
            Kind = fields.String("kind") ?? "workload",
            GroupsClaim = fields.String("groups_claim"),
        };
    }
}
