namespace Rein.Core.Configuration;

/// <summary>
/// Reads one entry of <c>credentials</c>, choosing the record by <c>type</c>: <c>private_key_jwt</c>,
/// <c>workload</c> or <c>client_secret_basic</c>.
/// </summary>
internal static class CredentialReader
{
    private const string PrivateKeyJwt = "private_key_jwt";
    private const string Workload = "workload";
    private const string ClientSecretBasic = "client_secret_basic";

    private static readonly string[] Types = [PrivateKeyJwt, Workload, ClientSecretBasic];
    private static readonly string[] PrivateKeyJwtKeys = ["type", "jwks", "jwks_uri"];
    private static readonly string[] WorkloadKeys = ["type", "issuer", "subject"];
    private static readonly string[] ClientSecretKeys = ["type", "secret_sha256", "expires", "secret"];

    public static CredentialConfig Read(SourceNode node, string path, ConfigDiagnostics diagnostics)
    {
        var typePath = ConfigPath.Key(path, "type");
        var typeNode = (node as SourceMapping)?.Find("type")?.Value;
        var type = typeNode is null ? null : MappingReader.ReadString(typeNode, typePath, diagnostics);
        switch (type)
        {
            case PrivateKeyJwt:
                return ReadPrivateKeyJwt(MappingReader.Open(node, path, diagnostics, PrivateKeyJwtKeys));
            case Workload:
                return ReadWorkload(MappingReader.Open(node, path, diagnostics, WorkloadKeys));
            case ClientSecretBasic:
                return ReadClientSecret(MappingReader.Open(node, path, diagnostics, ClientSecretKeys));
        }

        MappingReader.Open(node, path, diagnostics, knownKeys: null);
        if (type is not null)
        {
            var suggestion = KeySuggester.Suggest(type, Types);
            diagnostics.ReportUnreadable(
                typePath,
                typeNode!,
                suggestion is null
                    ? $"unknown credential type {Quote.Value(type)} (expected {Quote.Choices(Types)})"
                    : $"unknown credential type {Quote.Value(type)} (did you mean '{suggestion}'?)");
        }
        else if (node is SourceMapping || node is SourceScalar { IsNull: true })
        {
            diagnostics.Report(typePath, $"'type' is required ({Quote.Choices(Types)})");
        }

        return new UnreadableCredential();
    }

    private static PrivateKeyJwtCredential ReadPrivateKeyJwt(MappingReader fields)
    {
        if (fields.KeyNode("jwks_uri") is { } jwksUriKey)
        {
            fields.Diagnostics.ReportUnreadable(
                fields.PathOf("jwks_uri"),
                jwksUriKey,
                "'jwks_uri' is not supported for private_key_jwt credentials; put the public keys inline under 'jwks'");
            if (!fields.Has("jwks"))
            {
                fields.Diagnostics.MarkUnreadable(fields.PathOf("jwks"));
            }
        }

        return new PrivateKeyJwtCredential { JwksJson = JwksReader.Read(fields, "jwks") ?? "" };
    }

    private static WorkloadCredential ReadWorkload(MappingReader fields) => new()
    {
        Issuer = fields.String("issuer") ?? "",
        Subject = fields.String("subject") ?? "",
    };

    private static ClientSecretCredential ReadClientSecret(MappingReader fields)
    {
        if (fields.KeyNode("secret") is { } secretKey)
        {
            // Note: the value is never echoed; it is a secret that should not have been written here.
            fields.Diagnostics.ReportUnreadable(
                fields.PathOf("secret"),
                secretKey,
                "a clear-text 'secret' is not allowed; remove it and set 'secret_sha256' to the base64url SHA-256 of the secret "
                + "(printf %s \"$SECRET\" | openssl dgst -sha256 -binary | basenc --base64url | tr -d =)");
            if (!fields.Has("secret_sha256"))
            {
                fields.Diagnostics.MarkUnreadable(fields.PathOf("secret_sha256"));
            }
        }

        return new ClientSecretCredential
        {
            SecretSha256 = fields.String("secret_sha256") ?? "",
            Expires = fields.Date("expires") ?? default,
        };
    }
}
