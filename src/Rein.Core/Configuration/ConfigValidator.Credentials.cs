using System.Buffers.Text;

namespace Rein.Core.Configuration;

public static partial class ConfigValidator
{
    private static void ValidateCredentials(
        IReadOnlyList<CredentialConfig> credentials,
        string clientPath,
        bool isAdmin,
        Dictionary<string, TrustConfig> trust,
        Dictionary<(string Issuer, string Subject), string> workloads,
        ConfigDiagnostics diagnostics)
    {
        var credentialsPath = ConfigPath.Key(clientPath, "credentials");
        if (credentials.Count == 0)
        {
            diagnostics.Report(credentialsPath, "at least one credential is required, such as { type: private_key_jwt, jwks: { keys: [ ... ] } }");
        }

        for (var k = 0; k < credentials.Count; k++)
        {
            var path = ConfigPath.Index(credentialsPath, k);
            switch (credentials[k])
            {
                case PrivateKeyJwtCredential privateKeyJwt:
                    ValidatePrivateKeyJwt(privateKeyJwt, path, diagnostics);
                    break;
                case WorkloadCredential workload:
                    ValidateWorkload(workload, path, clientPath, trust, workloads, diagnostics);
                    break;
                case ClientSecretCredential secret when isAdmin:
                    diagnostics.Report(ConfigPath.Key(path, "type"), "admins must use private_key_jwt or workload credentials, not client_secret_basic");
                    break;
                case ClientSecretCredential secret:
                    ValidateClientSecret(secret, path, diagnostics);
                    break;
                case UnreadableCredential:
                    break;
                case null:
                    diagnostics.Report(path, "expected a credential");
                    break;
                default:
                    diagnostics.Report(ConfigPath.Key(path, "type"), $"unsupported credential type {credentials[k].GetType().Name}");
                    break;
            }
        }
    }

    private static void ValidatePrivateKeyJwt(PrivateKeyJwtCredential credential, string path, ConfigDiagnostics diagnostics)
    {
        if (!Require(diagnostics, path, credential.JwksJson, "jwks"))
        {
            return;
        }

        foreach (var (errorPath, message) in JwksRules.Check(credential.JwksJson, ConfigPath.Key(path, "jwks")))
        {
            diagnostics.Report(errorPath, message);
        }
    }

    private static void ValidateWorkload(
        WorkloadCredential credential,
        string path,
        string clientPath,
        Dictionary<string, TrustConfig> trust,
        Dictionary<(string Issuer, string Subject), string> workloads,
        ConfigDiagnostics diagnostics)
    {
        var hasIssuer = Require(diagnostics, path, credential.Issuer, "issuer");
        var hasSubject = Require(diagnostics, path, credential.Subject, "subject");
        if (hasIssuer)
        {
            var issuerError = UntrustedIssuerError(credential.Issuer, trust, diagnostics);
            if (issuerError is not null)
            {
                diagnostics.Report(ConfigPath.Key(path, "issuer"), issuerError);
            }
            else if (hasSubject && trust[credential.Issuer].Kind == "spiffe" && UrlRules.IsSpiffe(credential.Issuer)
                && !credential.Subject.StartsWith(credential.Issuer + "/", StringComparison.Ordinal))
            {
                diagnostics.Report(
                    ConfigPath.Key(path, "subject"),
                    $"expected a SPIFFE ID in the trust domain, such as {credential.Issuer}/ns/agents/sa/my-agent");
            }
        }

        // Note: one workload identity must name one client; otherwise a token from that workload would
        // authenticate as whichever client the broker happened to look up first.
        if (hasIssuer && hasSubject && !workloads.TryAdd((credential.Issuer, credential.Subject), clientPath))
        {
            diagnostics.Report(
                ConfigPath.Key(path, "subject"),
                $"this issuer and subject already identify {workloads[(credential.Issuer, credential.Subject)]}; a workload identity can belong to only one client");
        }
    }

    private static string? UntrustedIssuerError(string issuer, Dictionary<string, TrustConfig> trust, ConfigDiagnostics diagnostics)
    {
        if (!trust.TryGetValue(issuer, out var entry))
        {
            var suggestion = diagnostics.Suggest(issuer, trust.Keys);
            return suggestion is null
                ? $"issuer {Quote.Value(issuer)} is not declared under 'trust'"
                : $"issuer {Quote.Value(issuer)} is not declared under 'trust' (did you mean '{suggestion}'?)";
        }

        return entry.Kind == "user"
            ? $"issuer {Quote.Value(issuer)} is trusted for user tokens (kind: user), not workload credentials"
            : null;
    }

    private static void ValidateClientSecret(ClientSecretCredential credential, string path, ConfigDiagnostics diagnostics)
    {
        if (Require(diagnostics, path, credential.SecretSha256, "secret_sha256"))
        {
            var hash = credential.SecretSha256;
            if (hash.Length == 64 && hash.All(char.IsAsciiHexDigit))
            {
                diagnostics.Report(ConfigPath.Key(path, "secret_sha256"), "this looks like a hex digest; write the SHA-256 as unpadded base64url (43 characters)");
            }
            else if (hash.Length != 43 || !Base64Url.IsValid(hash, out var length) || length != 32)
            {
                diagnostics.Report(
                    ConfigPath.Key(path, "secret_sha256"),
                    "expected the unpadded base64url SHA-256 of the secret: 43 characters of A-Z, a-z, 0-9, '-' and '_'");
            }
        }

        if (credential.Expires == default)
        {
            diagnostics.Report(ConfigPath.Key(path, "expires"), "'expires' is required: a client secret must have an expiry date (YYYY-MM-DD)");
        }
    }
}
