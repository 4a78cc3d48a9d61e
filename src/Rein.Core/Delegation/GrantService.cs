using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rein.Core.Audit;
using Rein.Core.Configuration;
using Rein.Core.Registry;
using Rein.Core.Revocation;
using Rein.Core.Storage;

namespace Rein.Core.Delegation;

/// <summary>
/// Creates, lists and revokes delegation grants. A run-time grant is stored, then put in this instance's catalog;
/// revoking any grant (declared or stored) writes <c>grant:ID</c> to the revocation index as a suspension, so every
/// token issued under it is refused at every gateway and no new one is issued.
/// </summary>
public sealed class GrantService(
    ReinRegistry registry,
    GrantCatalog catalog,
    IDbContextFactory<ReinDbContext> dbFactory,
    RevocationService revocations,
    RevocationIndex index,
    AuditLog audit,
    TimeProvider time)
{
    /// <summary>The state of <paramref name="grant"/> now, revocation included.</summary>
    public GrantStatus StatusOf(DelegationGrant grant) =>
        grant.StatusAt(time.GetUtcNow(), index.IsSuspended(SubjectKind.Grant, grant.Id));

    /// <summary>Every grant, optionally only one agent's or one person's (<c>ISS|SUB</c>).</summary>
    public IReadOnlyList<DelegationGrant> List(string? agentId = null, string? userKey = null) => catalog.All
        .Where(g => (agentId is null || g.Agent == agentId) && (userKey is null || g.UserKey == userKey))
        .OrderBy(g => g.Source).ThenBy(g => g.CreatedAt).ThenBy(g => g.Id, StringComparer.Ordinal)
        .ToList();

    public DelegationGrant? Get(string id) => catalog.Get(id);

    /// <summary>
    /// Validates <paramref name="declaration"/> against the registry (the same rules as rein.yaml), refuses an id in
    /// use or an end in the past, then stores it. An empty id is replaced by a generated one.
    /// </summary>
    public async Task<GrantCreateResult> CreateAsync(GrantConfig declaration, string? actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        if (string.IsNullOrEmpty(declaration.Id)) declaration = declaration with { Id = NewId() };
        var errors = ConfigValidator.ValidateGrant(declaration, registry.Current.Config).Select(e => e.ToString()).ToList();
        var now = time.GetUtcNow();
        if (declaration.Until != default && declaration.Until <= now) errors.Add("until: must be in the future");
        if (errors.Count > 0) return new GrantCreateResult(null, errors, Conflict: false);
        if (catalog.Get(declaration.Id) is not null)
        {
            return new GrantCreateResult(null, [$"id: a grant with id '{declaration.Id}' already exists"], Conflict: true);
        }

        var nowMs = now.ToUnixTimeMilliseconds();
        var row = new GrantEntity
        {
            Id = declaration.Id,
            UserIssuer = declaration.UserIssuer,
            UserSubject = declaration.UserSubject,
            AgentId = declaration.Agent,
            Tools = JsonSerializer.Serialize(declaration.Tools.ToDictionary(p => p.Key, p => p.Value.Distinct(StringComparer.Ordinal).ToArray())),
            From = declaration.From?.ToUnixTimeMilliseconds(),
            Until = declaration.Until.ToUnixTimeMilliseconds(),
            ApprovalRequired = declaration.ApprovalRequired,
            Approvers = declaration.Approvers.Count == 0 ? null : JsonSerializer.Serialize(declaration.Approvers),
            CreatedAt = nowMs,
            CreatedBy = Truncate(actor, 128),
            ChangedAt = nowMs,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await db.Grants.AnyAsync(g => g.Id == row.Id, cancellationToken).ConfigureAwait(false))
            {
                return new GrantCreateResult(null, [$"id: a grant with id '{declaration.Id}' already exists"], Conflict: true);
            }
            db.Grants.Add(row);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        var grant = GrantCatalog.FromEntity(row);
        catalog.Put(grant);
        audit.Write(new AuditEvent
        {
            Kind = AuditKinds.GrantCreated,
            Time = now,
            Agent = grant.Agent,
            User = grant.UserKey,
            Grant = grant.Id,
            Action = string.Join(' ', grant.Tools.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value.Order(StringComparer.Ordinal))),
            Reason = $"until {grant.Until:O}" + (grant.ApprovalRequired ? ", approval required" : ""),
            Actor = actor,
        });
        return new GrantCreateResult(grant, [], Conflict: false);
    }

    /// <summary>
    /// Revokes a grant: effective at every gateway when this returns (tokens issued under it are refused, and no new
    /// one is issued). Returns null when there is no such grant. Revoking twice is harmless.
    /// </summary>
    public async Task<DelegationGrant?> RevokeAsync(string id, string? reason, string? actor, CancellationToken cancellationToken)
    {
        var grant = catalog.Get(id);
        if (grant is null) return null;

        // Note: a suspension never lapses, so the grant stays dead even for a declared grant that rein.yaml still lists.
        await revocations.SuspendAsync(new SubjectKey(SubjectKind.Grant, id), reason ?? "grant revoked", cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (grant.Source == GrantSource.Api && grant.RevokedAt is null)
        {
            var nowMs = now.ToUnixTimeMilliseconds();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await db.Grants.Where(g => g.Id == id && g.RevokedAt == null).ExecuteUpdateAsync(s => s
                .SetProperty(g => g.RevokedAt, nowMs)
                .SetProperty(g => g.RevokedBy, Truncate(actor, 128))
                .SetProperty(g => g.Reason, Truncate(reason, 512))
                .SetProperty(g => g.ChangedAt, nowMs), cancellationToken).ConfigureAwait(false);
            grant = grant with { RevokedAt = now, RevokedBy = actor };
            catalog.Put(grant);
        }
        audit.Write(new AuditEvent
        {
            Kind = AuditKinds.GrantRevoked,
            Time = now,
            Agent = grant.Agent,
            User = grant.UserKey,
            Grant = grant.Id,
            Reason = reason,
            Actor = actor,
        });
        return grant;
    }

    private static string NewId()
    {
        Span<byte> bytes = stackalloc byte[10];
        RandomNumberGenerator.Fill(bytes);
        return "g-" + Convert.ToHexStringLower(bytes);
    }

    private static string? Truncate(string? text, int max) => text is { Length: > 0 } && text.Length > max ? text[..max] : text;
}
