namespace Rein.Core.Revocation;

/// <summary>
/// The instant before which a subject's tokens are dead, whether the subject is suspended outright, and when the
/// entry may be forgotten (no token it could match can still be alive). Times are Unix milliseconds. A suspended
/// entry whose <see cref="Effect"/> is not <see cref="RevocationEffect.Deny"/> is a restriction: it limits the tokens
/// it covers rather than killing them.
/// </summary>
public readonly record struct RevocationEntry(long RevokedBefore, long Until, bool Suspended, RevocationEffect Effect)
{
    /// <summary>Until-value of an entry that never expires on its own (a suspension).</summary>
    public const long Forever = long.MaxValue;

    /// <summary>Whether a token issued at <paramref name="issuedAtSeconds"/> (JWT <c>iat</c>) is dead by this entry.</summary>
    public bool Matches(long issuedAtSeconds) =>
        issuedAtSeconds * 1000 <= RevokedBefore || (Suspended && Effect == RevocationEffect.Deny);

    /// <summary>Whether the subject is suspended outright (no new tokens, all refused).</summary>
    public bool IsSuspension => Suspended && Effect == RevocationEffect.Deny;

    /// <summary>Whether this entry restricts (rather than kills) the tokens it covers.</summary>
    public bool IsRestriction => Suspended && Effect != RevocationEffect.Deny;
}
