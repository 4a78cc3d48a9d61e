namespace Rein.Core.Revocation;

/// <summary>
/// One intended change to a subject's revocation entry: how the entry in force (or none) and the current instant
/// (Unix milliseconds) merge into the new entry, or null when nothing changes. Built by the factory methods so every
/// writer — the admin API, the broker, the signals receiver — merges the same way.
/// </summary>
public sealed record RevocationWrite(SubjectKey Subject, string? Reason, Func<RevocationEntry?, long, RevocationEntry?> Merge)
{
    /// <summary>How long a non-suspended entry must outlive the instant it was written: no token it could match is alive after.</summary>
    internal static long Lifetime => (long)(TokenLifetimes.Longest + TokenLifetimes.Skew).TotalMilliseconds;

    /// <summary>
    /// Kills every token issued at or before <paramref name="instantMs"/> (capped at now: a revocation never reaches into
    /// the future). A suspension or restriction already in force stays.
    /// </summary>
    public static RevocationWrite RevokeIssuedBefore(SubjectKey subject, long instantMs, string? reason) => new(subject, reason, (old, now) =>
    {
        var at = Math.Min(instantMs, now);
        var until = now + Lifetime;
        return old is { } o
            ? o with { RevokedBefore = Math.Max(o.RevokedBefore, at), Until = o.Suspended ? RevocationEntry.Forever : Math.Max(o.Until, until) }
            : new RevocationEntry(at, until, false, RevocationEffect.Deny);
    });

    /// <summary>Refuses every token of the subject, old and new, until lifted.</summary>
    public static RevocationWrite Suspend(SubjectKey subject, string? reason) => new(subject, reason, static (old, now) =>
        new RevocationEntry(Math.Max(old?.RevokedBefore ?? 0, now), RevocationEntry.Forever, true, RevocationEffect.Deny));

    /// <summary>Lifts a suspension (or any restriction). Tokens issued before now stay dead.</summary>
    public static RevocationWrite Lift(SubjectKey subject, string? reason) => new(subject, reason, static (old, now) =>
        new RevocationEntry(Math.Max(old?.RevokedBefore ?? 0, now), now + Lifetime, false, RevocationEffect.Deny));

    /// <summary>
    /// Restricts every live token of the subject with <paramref name="effect"/> until lifted; tokens already dead stay
    /// dead. A suspension in force is never weakened into a restriction; the same restriction again changes nothing.
    /// </summary>
    public static RevocationWrite Restrict(SubjectKey subject, RevocationEffect effect, string? reason)
    {
        if (effect == RevocationEffect.Deny) throw new ArgumentOutOfRangeException(nameof(effect), "Deny is a suspension; use Suspend.");
        return new(subject, reason, (old, _) =>
            old is { IsSuspension: true } || old is { IsRestriction: true } o && o.Effect == effect
                ? null
                : new RevocationEntry(old?.RevokedBefore ?? 0, RevocationEntry.Forever, true, effect));
    }

    /// <summary>
    /// Lifts a restriction of <paramref name="effect"/> (another restriction, or a suspension, stays). Tokens that were
    /// dead stay dead. Changes nothing when there is no restriction of that effect.
    /// </summary>
    public static RevocationWrite LiftRestriction(SubjectKey subject, RevocationEffect effect, string? reason) => new(subject, reason, (old, now) =>
        old is { IsRestriction: true } o && o.Effect == effect
            ? new RevocationEntry(o.RevokedBefore, o.RevokedBefore > 0 ? Math.Max(now, o.RevokedBefore + Lifetime) : now, false, RevocationEffect.Deny)
            : null);
}
