using Rein.Core.Revocation;

namespace Rein.Core.Tests.Revocation;

/// <summary>
/// The index never lets an older stored change replace a newer one (a catch-up that read a row just before a newer
/// change to it was committed and published), while this instance's own early tightening (sequence 0) still applies.
/// </summary>
public sealed class RevocationIndexOrderTests
{
    private static readonly SubjectKey Session = new(SubjectKind.Session, "sid-1");
    private static readonly RevocationEntry Older = new(RevokedBefore: 1_000, Until: 900_000, Suspended: false, RevocationEffect.Deny);
    private static readonly RevocationEntry Newer = new(RevokedBefore: 5_000, Until: 900_000, Suspended: false, RevocationEffect.Deny);

    [Fact]
    public void OlderStoredChange_AfterNewerOne_IsIgnored()
    {
        var index = new RevocationIndex();
        index.Apply(new RevocationChange(Session, Newer, Sequence: 20));
        index.Apply(new RevocationChange(Session, Older, Sequence: 10));

        Assert.True(index.TryGet(Session, out var entry));
        Assert.Equal(Newer, entry);
        Assert.True(index.IsRevoked(SubjectKind.Session, "sid-1", issuedAtSeconds: 4));
    }

    [Fact]
    public void OlderRemoval_AfterNewerEntry_DoesNotRemoveIt()
    {
        var index = new RevocationIndex();
        index.Apply(new RevocationChange(Session, Newer, Sequence: 20));
        index.Apply(new RevocationChange(Session, null, Sequence: 15));

        Assert.True(index.TryGet(Session, out _));
    }

    [Fact]
    public void SameOrNewerStoredChange_Applies()
    {
        var index = new RevocationIndex();
        index.Apply(new RevocationChange(Session, Older, Sequence: 10));
        index.Apply(new RevocationChange(Session, Newer, Sequence: 11));
        Assert.True(index.TryGet(Session, out var entry));
        Assert.Equal(Newer, entry);

        index.Apply(new RevocationChange(Session, null, Sequence: 12));
        Assert.False(index.TryGet(Session, out _));
        Assert.Equal(12, index.LastSequence);
    }

    [Fact]
    public void LocalTightening_AppliesAndTheStoredChangeThatFollowsStillApplies()
    {
        var index = new RevocationIndex();
        index.Apply(new RevocationChange(Session, Older, Sequence: 10));
        index.Apply(new RevocationChange(Session, Newer, Sequence: 0));
        Assert.True(index.TryGet(Session, out var early));
        Assert.Equal(Newer, early);

        var committed = Newer with { RevokedBefore = 6_000 };
        index.Apply(new RevocationChange(Session, committed, Sequence: 11));
        Assert.True(index.TryGet(Session, out var entry));
        Assert.Equal(committed, entry);
    }

    [Fact]
    public void SweptSubject_CanBeWrittenAgainFromAnySequence()
    {
        var index = new RevocationIndex();
        var shortLived = Newer with { Until = 10_000 };
        index.Apply(new RevocationChange(Session, shortLived, Sequence: 20));
        Assert.Equal(1, index.Sweep(nowMs: 10_000));

        index.Apply(new RevocationChange(Session, Older, Sequence: 5));
        Assert.True(index.TryGet(Session, out _));
    }
}
