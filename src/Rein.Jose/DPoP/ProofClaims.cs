namespace Rein.Jose.DPoP;

/// <summary>The claims of one DPoP proof being written.</summary>
internal readonly record struct ProofClaims(string JwtId, string Method, string Uri, long IssuedAt, string? AccessTokenHash, string? Nonce);
