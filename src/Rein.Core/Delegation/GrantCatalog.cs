using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rein.Core.Registry;
using Rein.Core.Storage;

namespace Rein.Core.Delegation;

/// <summary>
/// Every delegation grant, in memory, so token exchange never waits on the store: the grants of rein.yaml plus those
/// created at run time. Fed by <see cref="GrantService"/> in this instance and by a catch-up from the store for grants
/// other instances created. Whether a grant is revoked is the revocation index's to say (<c>grant:ID</c>), which
/// every instance already keeps current.
/// </summary>
public sealed class GrantCatalog
{
    private readonly IDbContextFactory<ReinDbContext> _dbFactory;
    private readonly ConcurrentDictionary<string, DelegationGrant> _stored = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _catchUp = new(1, 1);
    private IReadOnlyList<DelegationGrant> _configured;
    private volatile Snapshot _snapshot = Snapshot.Empty;
    private long _watermark = -1;

    /// <summary>Rows are re-read this far behind the newest change seen, since another instance's clock may lag ours.</summary>
    private const long CatchUpOverlapMs = 5_000;

    public GrantCatalog(ReinRegistry registry, IDbContextFactory<ReinDbContext> dbFactory)
    {
        _dbFactory = dbFactory;
        _configured = Configured(registry.Current);
        Rebuild();
        registry.Changed += snapshot =>
        {
            _configured = Configured(snapshot);
            Rebuild();
        };
    }

    private sealed record Snapshot(
        FrozenDictionary<string, DelegationGrant> ById,
        FrozenDictionary<string, DelegationGrant[]> ByUserAndAgent)
    {
        public static Snapshot Empty { get; } = new(FrozenDictionary<string, DelegationGrant>.Empty, FrozenDictionary<string, DelegationGrant[]>.Empty);
    }

    /// <summary>Every grant, declared first, then those created at run time.</summary>
    public IReadOnlyCollection<DelegationGrant> All => _snapshot.ById.Values;

    public DelegationGrant? Get(string id) => _snapshot.ById.GetValueOrDefault(id);

    /// <summary>The grants this person gave this agent, in any state.</summary>
    public IReadOnlyList<DelegationGrant> Find(string userIssuer, string userSubject, string agentId) =>
        _snapshot.ByUserAndAgent.TryGetValue(LookupKey(userIssuer, userSubject, agentId), out var grants) ? grants : [];

    /// <summary>Puts a stored grant (new or changed) in place at once.</summary>
    internal void Put(DelegationGrant grant)
    {
        _stored[grant.Id] = grant;
        Rebuild();
    }

    /// <summary>Loads every stored grant (start-up).</summary>
    public Task LoadAsync(CancellationToken cancellationToken) => CatchUpAsync(cancellationToken);

    /// <summary>Applies grants created or revoked by other instances since the last catch-up.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await _catchUp.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var from = Interlocked.Read(ref _watermark) - CatchUpOverlapMs;
            await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var rows = await db.Grants.AsNoTracking().Where(g => g.ChangedAt > from).ToListAsync(cancellationToken).ConfigureAwait(false);
            var highest = Interlocked.Read(ref _watermark);
            var changed = false;
            foreach (var row in rows)
            {
                var grant = FromEntity(row);
                if (!_stored.TryGetValue(grant.Id, out var known) || known.RevokedAt != grant.RevokedAt)
                {
                    _stored[grant.Id] = grant;
                    changed = true;
                }
                highest = Math.Max(highest, row.ChangedAt);
            }
            Interlocked.Exchange(ref _watermark, Math.Max(highest, 0));
            if (changed) Rebuild();
        }
        finally
        {
            _catchUp.Release();
        }
    }

    private void Rebuild()
    {
        lock (_gate)
        {
            var byId = new Dictionary<string, DelegationGrant>(StringComparer.Ordinal);
            foreach (var grant in _configured) byId.TryAdd(grant.Id, grant);
            // Note: a declared grant wins over a stored one of the same id (the admin API refuses to create one).
            foreach (var grant in _stored.Values.OrderBy(g => g.CreatedAt)) byId.TryAdd(grant.Id, grant);
            var byUser = byId.Values
                .GroupBy(g => LookupKey(g.UserIssuer, g.UserSubject, g.Agent), StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
            _snapshot = new Snapshot(byId.ToFrozenDictionary(StringComparer.Ordinal), byUser);
        }
    }

    private static IReadOnlyList<DelegationGrant> Configured(RegistrySnapshot registry) =>
        registry.Config.Grants.Select(g => DelegationGrant.FromConfig(g, GrantSource.Config)).ToList();

    private static string LookupKey(string userIssuer, string userSubject, string agentId) =>
        string.Concat(userIssuer, "\n", userSubject, "\n", agentId);

    internal static DelegationGrant FromEntity(GrantEntity row) => new()
    {
        Id = row.Id,
        UserIssuer = row.UserIssuer,
        UserSubject = row.UserSubject,
        Agent = row.AgentId,
        Tools = (JsonSerializer.Deserialize<Dictionary<string, string[]>>(row.Tools) ?? [])
            .ToFrozenDictionary(p => p.Key, p => p.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal),
        From = row.From is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null,
        Until = DateTimeOffset.FromUnixTimeMilliseconds(row.Until),
        ApprovalRequired = row.ApprovalRequired,
        Approvers = row.Approvers is null ? [] : JsonSerializer.Deserialize<string[]>(row.Approvers) ?? [],
        Source = GrantSource.Api,
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
        CreatedBy = row.CreatedBy,
        RevokedAt = row.RevokedAt is { } r ? DateTimeOffset.FromUnixTimeMilliseconds(r) : null,
        RevokedBy = row.RevokedBy,
    };
}
