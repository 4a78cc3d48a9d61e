using System.Collections.Concurrent;

namespace Rein.Core.Revocation;

/// <summary>
/// The in-memory revocation index every gateway and the broker consult (DESIGN §4): a few hash lookups per token,
/// independent of how many tokens exist. Fed by the bus; rebuilt from the store at start.
/// </summary>
public sealed class RevocationIndex
{
    private readonly ConcurrentDictionary<SubjectKey, RevocationEntry> _entries = new();
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

    public void Apply(RevocationChange change)
    {
        if (change.Entry is { } entry) _entries[change.Subject] = entry;
        else _entries.TryRemove(change.Subject, out _);
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
            if (!pair.Value.Suspended && pair.Value.Until <= nowMs && _entries.TryRemove(pair)) removed++;
        }
        return removed;
    }
}
