using System.Collections.Frozen;

namespace Rein.Jose;

/// <summary>
/// The JWS <c>alg</c> values Rein signs and verifies (RFC 7518 §3.1). Only asymmetric algorithms exist here:
/// <c>none</c> and the HMAC family are deliberately absent, so no allowlist built from these constants can admit them.
/// </summary>
public static class JwsAlgorithms
{
    /// <summary>ECDSA using P-256 and SHA-256 (RFC 7518 §3.4).</summary>
    public const string ES256 = "ES256";

    /// <summary>ECDSA using P-384 and SHA-384 (RFC 7518 §3.4).</summary>
    public const string ES384 = "ES384";

    /// <summary>ECDSA using P-521 and SHA-512 (RFC 7518 §3.4).</summary>
    public const string ES512 = "ES512";

    /// <summary>RSASSA-PKCS1-v1_5 using SHA-256 (RFC 7518 §3.3).</summary>
    public const string RS256 = "RS256";

    /// <summary>RSASSA-PKCS1-v1_5 using SHA-384 (RFC 7518 §3.3).</summary>
    public const string RS384 = "RS384";

    /// <summary>RSASSA-PKCS1-v1_5 using SHA-512 (RFC 7518 §3.3).</summary>
    public const string RS512 = "RS512";

    /// <summary>RSASSA-PSS using SHA-256 and MGF1 with SHA-256 (RFC 7518 §3.5).</summary>
    public const string PS256 = "PS256";

    /// <summary>RSASSA-PSS using SHA-384 and MGF1 with SHA-384 (RFC 7518 §3.5).</summary>
    public const string PS384 = "PS384";

    /// <summary>RSASSA-PSS using SHA-512 and MGF1 with SHA-512 (RFC 7518 §3.5).</summary>
    public const string PS512 = "PS512";

    /// <summary>Every algorithm above. Never contains <c>none</c> or an HMAC algorithm.</summary>
    public static FrozenSet<string> AllAsymmetric { get; } = FrozenSet.Create(
        StringComparer.Ordinal, ES256, ES384, ES512, RS256, RS384, RS512, PS256, PS384, PS512);
}
