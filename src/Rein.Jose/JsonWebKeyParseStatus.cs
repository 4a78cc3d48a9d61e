namespace Rein.Jose;

/// <summary>Outcome of parsing one JWK, so a key set can skip unsupported keys but reject broken ones (RFC 7517 §5).</summary>
internal enum JsonWebKeyParseStatus
{
    Ok,
    Unsupported,
    Invalid,
}
