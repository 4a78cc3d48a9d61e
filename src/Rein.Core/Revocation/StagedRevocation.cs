namespace Rein.Core.Revocation;

/// <summary>
/// A revocation entry written into a caller's store transaction and not yet published: the subject's entry before
/// (<see cref="Previous"/>, as stored) and the change to publish once the transaction is committed.
/// </summary>
public sealed record StagedRevocation(RevocationEntry? Previous, RevocationChange Change)
{
    public SubjectKey Subject => Change.Subject;

    /// <summary>The entry written (never null: writes that change nothing are not staged).</summary>
    public RevocationEntry Entry => Change.Entry!.Value;
}
