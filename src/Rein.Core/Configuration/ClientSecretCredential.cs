namespace Rein.Core.Configuration;

/// <summary>
/// A shared secret, for legacy agents only (yaml <c>type: client_secret_basic</c>). The file holds only the secret's
/// SHA-256, never the secret, and the secret must expire.
/// </summary>
public sealed record ClientSecretCredential : CredentialConfig
{
    /// <summary>The base64url (unpadded, 43 characters) SHA-256 of the secret (yaml <c>secret_sha256</c>).</summary>
    public required string SecretSha256 { get; init; }

    /// <summary>The last day the secret is accepted (yaml <c>expires</c>, <c>YYYY-MM-DD</c>); required.</summary>
    public required DateOnly Expires { get; init; }
}
