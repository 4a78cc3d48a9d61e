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

    /// <summary>
    /// Whether this entry refuses or limits every token <paramref name="other"/> does, at least as much: it kills
    /// everything issued up to a later instant or the same, lives as long, keeps a suspension, and keeps a restriction
    /// (the same one, or a suspension instead). Only such an entry may replace another before it is durable: a change
    /// that lifts anything (a suspension lifted, one restriction swapped for another) waits for the store.
    /// </summary>
    public bool IsAtLeastAsStrictAs(RevocationEntry? other)
    {
        if (other is not { } o) return true;
        if (RevokedBefore < o.RevokedBefore || Until < o.Until) return false;
        if (o.IsSuspension) return IsSuspension;
        if (o.IsRestriction) return IsSuspension || (IsRestriction && Effect == o.Effect);
        return true;
    }
}
