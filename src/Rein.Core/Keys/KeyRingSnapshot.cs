using System.Collections.Frozen;
using Rein.Jose;

namespace Rein.Core.Keys;

/// <summary>An immutable view of the key ring, swapped whole on refresh.</summary>
internal sealed class KeyRingSnapshot(
    FrozenDictionary<string, SigningKey> signingByAlgorithm,
    FrozenDictionary<string, VerificationKey> publishedByKid,
    byte[] jwksDocument,
    long nextChangeAt)
{
    public static KeyRingSnapshot Empty { get; } = new(
        FrozenDictionary<string, SigningKey>.Empty, FrozenDictionary<string, VerificationKey>.Empty, "{\"keys\":[]}"u8.ToArray(), long.MaxValue);

    public FrozenDictionary<string, SigningKey> SigningByAlgorithm { get; } = signingByAlgorithm;
    public FrozenDictionary<string, VerificationKey> PublishedByKid { get; } = publishedByKid;
    public byte[] JwksDocument { get; } = jwksDocument;

    /// <summary>Unix milliseconds at which a key activates or leaves the JWKS: the ring must be rebuilt then.</summary>
    public long NextChangeAt { get; } = nextChangeAt;
}
