namespace Rein.Jose;

/// <summary>
/// Finds a trusted key for a JWS header's <c>kid</c> (null when the header has none) and <c>alg</c>.
/// Returns null when no trusted key matches; never looks keys up from the token itself.
/// </summary>
/// <param name="kid">The header's <c>kid</c>, or null.</param>
/// <param name="alg">The header's <c>alg</c>, already on the allowlist.</param>
public delegate VerificationKey? KeyResolver(string? kid, string alg);
