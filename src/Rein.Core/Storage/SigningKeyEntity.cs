namespace Rein.Core.Storage;

/// <summary>One signing key. The private JWK is stored only encrypted (AES-256-GCM under the master key).</summary>
public sealed class SigningKeyEntity
{
    public required string KeyId { get; set; }
    public required string Algorithm { get; set; }
    public required byte[] ProtectedPrivateKey { get; set; }
    public required string PublicJwk { get; set; }
    /// <summary>Unix milliseconds: published in the JWKS from this instant.</summary>
    public long CreatedAt { get; set; }
    /// <summary>Unix milliseconds: may sign from this instant (after caches have seen it published).</summary>
    public long ActivatesAt { get; set; }
    /// <summary>Unix milliseconds: stopped signing at this instant (a newer key took over), or null while current.</summary>
    public long? RetiredAt { get; set; }
}
