namespace Rein.Core.Configuration;

/// <summary>
/// RFC 7523 client authentication with a JWT signed by one of the client's keys
/// (yaml <c>type: private_key_jwt</c> with an inline <c>jwks:</c>; a <c>jwks_uri</c> is not accepted).
/// </summary>
public sealed record PrivateKeyJwtCredential : CredentialConfig
{
    /// <summary>
    /// The client's public keys as canonical JSON text (members sorted, no whitespace): an object with a non-empty
    /// <c>keys</c> array of public JWKs, each with a <c>kty</c>.
    /// </summary>
    public required string JwksJson { get; init; }
}
