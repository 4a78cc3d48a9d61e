namespace Rein.Core.Revocation;

/// <summary>
/// The instant before which a subject's tokens are dead, whether the subject is suspended outright, and when the
/// entry may be forgotten (no token it could match can still be alive). Times are Unix milliseconds.
/// </summary>
public readonly record struct RevocationEntry(long RevokedBefore, long Until, bool Suspended, RevocationEffect Effect)
{
    /// <summary>Until-value of an entry that never expires on its own (a suspension).</summary>
    public const long Forever = long.MaxValue;

    /// <summary>Whether a token issued at <paramref name="issuedAtSeconds"/> (JWT <c>iat</c>) is hit by this entry.</summary>
    public bool Matches(long issuedAtSeconds) => Suspended || issuedAtSeconds * 1000 <= RevokedBefore;
}
