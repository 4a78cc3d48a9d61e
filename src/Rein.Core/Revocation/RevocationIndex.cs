using System.Collections.Concurrent;

namespace Rein.Core.Revocation;

/// <summary>
/// The in-memory revocation index every gateway and the broker consult (DESIGN §4): a few hash lookups per token,
/// independent of how many tokens exist. Fed by the bus; rebuilt from the store at start.
/// </summary>
public sealed class RevocationIndex
{
    private readonly ConcurrentDictionary<SubjectKey, RevocationEntry> _entries = new();

    /// <summary>
    /// The sequence of the stored change each subject's entry comes from. A catch-up that read a row before a newer
    /// change to it was committed and published must not put the older entry back, so a change older than the one
    /// applied is ignored. Written only under <see cref="_applyGate"/>; reads of the index never look at it.
    /// </summary>
    private readonly Dictionary<SubjectKey, long> _versions = new();
    private readonly Lock _applyGate = new();
    private long _lastSequence;
    private long _lastSyncedAt;

    public int Count => _entries.Count;

    /// <summary>The sequence of the newest change applied; a gateway behind the store replays from here.</summary>
    public long LastSequence => Interlocked.Read(ref _lastSequence);

    /// <summary>Unix milliseconds of the last time this index was known to hold everything in the store.</summary>
    public long LastSyncedAt => Interlocked.Read(ref _lastSyncedAt);

    public void MarkSynced(long nowMs)
    {
        long seen;
        while ((seen = Interlocked.Read(ref _lastSyncedAt)) < nowMs && Interlocked.CompareExchange(ref _lastSyncedAt, nowMs, seen) != seen)
        {
        }
    }

    public bool TryGet(SubjectKey subject, out RevocationEntry entry) => _entries.TryGetValue(subject, out entry);

    /// <summary>Whether a token of <paramref name="subject"/> issued at <paramref name="issuedAtSeconds"/> is dead.</summary>
    public bool IsRevoked(SubjectKind kind, string? id, long issuedAtSeconds)
    {
        if (id is null || _entries.IsEmpty) return false;
        return _entries.TryGetValue(new SubjectKey(kind, id), out var entry) && entry.Matches(issuedAtSeconds);
    }

    /// <summary>Whether the subject is suspended (no new tokens, all refused).</summary>
    public bool IsSuspended(SubjectKind kind, string id) =>
        _entries.TryGetValue(new SubjectKey(kind, id), out var entry) && entry.IsSuspension;

    /// <summary>Adds the restriction (if any) the subject's entry puts on a live token to <paramref name="restrictions"/>.</summary>
    public TokenRestrictions Restrict(TokenRestrictions restrictions, SubjectKind kind, string? id)
    {
        if (id is null || _entries.IsEmpty) return restrictions;
        return _entries.TryGetValue(new SubjectKey(kind, id), out var entry) && entry.IsRestriction
            ? restrictions.With(entry.Effect)
            : restrictions;
    }

    /// <summary>
    /// Applies a change. A change with a sequence is a stored one: it replaces the subject's entry unless the entry
    /// already comes from a newer stored change. Sequence 0 is this instance tightening its own index ahead of a commit
    /// (the caller has checked the entry is at least as strict as the current one); it leaves the version alone, so the
    /// stored change that follows still applies.
    /// </summary>
    public void Apply(RevocationChange change)
    {
        lock (_applyGate)
        {
            if (change.Sequence > 0)
            {
                if (_versions.TryGetValue(change.Subject, out var applied) && change.Sequence < applied) return;
                _versions[change.Subject] = change.Sequence;
            }
            if (change.Entry is { } entry) _entries[change.Subject] = entry;
            else _entries.TryRemove(change.Subject, out _);
        }
        long seen;
        while ((seen = Interlocked.Read(ref _lastSequence)) < change.Sequence &&
               Interlocked.CompareExchange(ref _lastSequence, change.Sequence, seen) != seen)
        {
        }
    }

    /// <summary>Drops entries that can no longer match a live token.</summary>
    public int Sweep(long nowMs)
    {
        var removed = 0;
        foreach (var pair in _entries)
        {
            if (pair.Value.Suspended || pair.Value.Until > nowMs) continue;
            lock (_applyGate)
            {
                if (!_entries.TryRemove(pair)) continue;
                _versions.Remove(pair.Key);
            }
            removed++;
        }
        return removed;
    }
}
