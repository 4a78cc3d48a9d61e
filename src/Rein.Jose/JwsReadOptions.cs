using System.Collections.Frozen;

namespace Rein.Jose;

/// <summary>What one use of <see cref="JwsReader"/> accepts. Immutable; build it once per use and reuse it.</summary>
public sealed class JwsReadOptions
{
    /// <summary>The allowed <c>alg</c> values. Only members of <see cref="JwsAlgorithms.AllAsymmetric"/> can ever verify.</summary>
    public required FrozenSet<string> Algorithms { get; init; }

    /// <summary>
    /// The accepted <c>typ</c> values, compared as RFC 7515 §4.1.9 media types (case-insensitive, "application/"
    /// implied when there is no '/'). Empty: <c>typ</c> must be absent or <c>JWT</c>. An absent <c>typ</c> is accepted
    /// only when the list contains <c>JWT</c> (a plain JWT, RFC 7519 §5.1).
    /// </summary>
    public required IReadOnlyList<string> AcceptedTypes { get; init; }

    /// <summary>The longest compact JWS accepted, in characters; checked before anything is decoded.</summary>
    public int MaxTokenLength { get; init; } = 16 * 1024;

    /// <summary>
    /// DPoP only (RFC 9449 §4.3): verify with the public key in the header's <c>jwk</c>. When false, <c>jwk</c>,
    /// <c>jku</c>, <c>x5u</c> and <c>x5c</c> headers are ignored and never used to find a key.
    /// </summary>
    public bool UseEmbeddedJwk { get; init; }
}
