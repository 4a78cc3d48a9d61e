using System.Collections.Frozen;

namespace Rein.Jose.DPoP;

/// <summary>What <see cref="DPoPProofValidator"/> accepts (RFC 9449 §4.3). Immutable.</summary>
public sealed class DPoPOptions
{
    /// <summary>
    /// The allowed proof algorithms. Default ES256, ES384, ES512, RS256, PS256. Anything outside
    /// <see cref="JwsAlgorithms.AllAsymmetric"/> is ignored (RFC 9449 §4.3 check 5: asymmetric only).
    /// </summary>
    public FrozenSet<string> Algorithms { get; init; } = FrozenSet.Create(
        StringComparer.Ordinal, JwsAlgorithms.ES256, JwsAlgorithms.ES384, JwsAlgorithms.ES512, JwsAlgorithms.RS256, JwsAlgorithms.PS256);

    /// <summary>How old a proof's <c>iat</c> may be. Default 5 minutes.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How far in the future a proof's <c>iat</c> may be (clock skew). Default 5 seconds.</summary>
    public TimeSpan FutureSkew { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest proof accepted, in characters; checked before decoding. Default 4096.</summary>
    public int MaxProofLength { get; init; } = 4096;
}
