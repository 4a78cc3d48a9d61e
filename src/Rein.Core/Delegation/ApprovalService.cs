using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rein.Core.Audit;
using Rein.Core.Storage;

namespace Rein.Core.Delegation;

/// <summary>
/// Human approval of single delegated actions: an agent's exchange opens a request, an approver decides it through
/// the admin API, the agent's retry redeems it for one elevation token. Requests and decisions live in the store
/// (they move at human speed, and every instance must see the same decision); every step is audited.
/// </summary>
public sealed class ApprovalService(IDbContextFactory<ReinDbContext> dbFactory, AuditLog audit, TimeProvider time)
{
    /// <summary>
    /// The pending request for exactly this action, or a new one. Returns null when the agent already has
    /// <see cref="ApprovalLimits.MaxPendingPerAgent"/> requests waiting.
    /// </summary>
    public async Task<ApprovalRecord?> RequestAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var pending = await db.Approvals.AsNoTracking()
            .Where(a => a.AgentId == request.Agent && a.Status == (int)ApprovalStatus.Pending && a.ExpiresAt > nowMs)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var same = pending.Select(ToRecord).FirstOrDefault(request.Matches);
        if (same is not null) return same;
        if (pending.Count >= ApprovalLimits.MaxPendingPerAgent) return null;

        var row = new ApprovalEntity
        {
            Id = NewId(),
            AgentId = request.Agent,
            UserIssuer = request.UserIssuer,
            UserSubject = request.UserSubject,
            GrantId = request.GrantId,
            ToolId = request.Tool,
            Action = request.Action,
            AuthorizationDetails = request.AuthorizationDetails,
            Approvers = JsonSerializer.Serialize(request.Approvers),
            Status = (int)ApprovalStatus.Pending,
            CreatedAt = nowMs,
            ExpiresAt = nowMs + (long)ApprovalLimits.PendingLifetime.TotalMilliseconds,
        };
        db.Approvals.Add(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var record = ToRecord(row);
        Record(AuditKinds.ApprovalRequested, record, now, actor: null, reason: $"approvers: {string.Join(", ", request.Approvers)}");
        return record;
    }

    public async Task<ApprovalRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsWellFormedId(id)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.Approvals.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToRecord(row);
    }

    /// <summary>The newest requests (at most 500), optionally only those with one status as of now.</summary>
    public async Task<IReadOnlyList<ApprovalRecord>> ListAsync(ApprovalStatus? status, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        IQueryable<ApprovalEntity> query = db.Approvals.AsNoTracking();
        query = status switch
        {
            null => query,
            ApprovalStatus.Pending or ApprovalStatus.Approved => query.Where(a => a.Status == (int)status && a.ExpiresAt > nowMs),
            ApprovalStatus.Expired => query.Where(a => a.Status == (int)ApprovalStatus.Expired ||
                ((a.Status == (int)ApprovalStatus.Pending || a.Status == (int)ApprovalStatus.Approved) && a.ExpiresAt <= nowMs)),
            _ => query.Where(a => a.Status == (int)status),
        };
        var rows = await query.OrderByDescending(a => a.CreatedAt).Take(500).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(ToRecord).ToList();
    }

    /// <summary>
    /// Approves or denies a pending request in the name of <paramref name="approver"/> (who must be one of its
    /// approvers), recorded as done by <paramref name="actor"/> (the admin client). An approval must then be redeemed
    /// within <see cref="ApprovalLimits.RedeemWindow"/>.
    /// </summary>
    public async Task<(ApprovalDecisionOutcome Outcome, ApprovalRecord? Record)> DecideAsync(
        string id, bool approve, string approver, string? actor, string? reason, CancellationToken cancellationToken)
    {
        var record = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null) return (ApprovalDecisionOutcome.NotFound, null);
        if (record.Status != ApprovalStatus.Pending)
        {
            await NoteExpiryAsync(record, cancellationToken).ConfigureAwait(false);
            return (ApprovalDecisionOutcome.NotPending, record);
        }
        if (!record.Approvers.Contains(approver, StringComparer.Ordinal)) return (ApprovalDecisionOutcome.NotAnApprover, record);

        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var status = approve ? ApprovalStatus.Approved : ApprovalStatus.Denied;
        var expires = approve ? nowMs + (long)ApprovalLimits.RedeemWindow.TotalMilliseconds : record.ExpiresAt.ToUnixTimeMilliseconds();
        reason = Truncate(reason, 512);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        // Note: conditional on still pending, so two approvers deciding at once cannot both win.
        var updated = await db.Approvals
            .Where(a => a.Id == id && a.Status == (int)ApprovalStatus.Pending && a.ExpiresAt > nowMs)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Status, (int)status)
                .SetProperty(a => a.DecidedAt, nowMs)
                .SetProperty(a => a.DecidedBy, Truncate(actor, 128))
                .SetProperty(a => a.Approver, approver)
                .SetProperty(a => a.Reason, reason)
                .SetProperty(a => a.ExpiresAt, expires), cancellationToken).ConfigureAwait(false);
        var current = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (updated == 0) return (ApprovalDecisionOutcome.NotPending, current);
        Record(approve ? AuditKinds.ApprovalApproved : AuditKinds.ApprovalDenied, current!, now, actor,
            $"by {approver}" + (reason is null ? "" : ": " + reason));
        return (ApprovalDecisionOutcome.Decided, current);
    }

    /// <summary>
    /// Marks an approved request as used by the token <paramref name="tokenId"/>. False when it is no longer
    /// approved (already redeemed by a concurrent retry, or expired): the token must then not be handed out.
    /// </summary>
    public async Task<bool> RedeemAsync(ApprovalRecord record, string tokenId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var updated = await db.Approvals
            .Where(a => a.Id == record.Id && a.Status == (int)ApprovalStatus.Approved && a.ExpiresAt > nowMs)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Status, (int)ApprovalStatus.Redeemed)
                .SetProperty(a => a.RedeemedAt, nowMs)
                .SetProperty(a => a.TokenId, tokenId), cancellationToken).ConfigureAwait(false);
        if (updated == 0) return false;
        Record(AuditKinds.ApprovalRedeemed, record, now, actor: null, reason: null, tokenId);
        return true;
    }

    /// <summary>Persists (and audits, once) that a pending or approved request ran out of time.</summary>
    public async Task NoteExpiryAsync(ApprovalRecord record, CancellationToken cancellationToken)
    {
        if (record.Status != ApprovalStatus.Expired) return;
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var updated = await db.Approvals
            .Where(a => a.Id == record.Id && (a.Status == (int)ApprovalStatus.Pending || a.Status == (int)ApprovalStatus.Approved) && a.ExpiresAt <= nowMs)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, (int)ApprovalStatus.Expired), cancellationToken).ConfigureAwait(false);
        if (updated > 0) Record(AuditKinds.ApprovalExpired, record, time.GetUtcNow(), actor: null, reason: null);
    }

    private void Record(string kind, ApprovalRecord record, DateTimeOffset now, string? actor, string? reason, string? tokenId = null) =>
        audit.Write(new AuditEvent
        {
            Kind = kind,
            Time = now,
            Agent = record.Agent,
            User = record.UserKey,
            Tool = record.Tool,
            Action = record.Action,
            Grant = record.GrantId,
            Approval = record.Id,
            Actor = actor,
            Reason = reason,
            TokenId = tokenId,
        });

    private ApprovalRecord ToRecord(ApprovalEntity row)
    {
        var status = (ApprovalStatus)row.Status;
        if (status is ApprovalStatus.Pending or ApprovalStatus.Approved && row.ExpiresAt <= time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            status = ApprovalStatus.Expired;
        }
        return new ApprovalRecord
        {
            Id = row.Id,
            Agent = row.AgentId,
            UserIssuer = row.UserIssuer,
            UserSubject = row.UserSubject,
            GrantId = row.GrantId,
            Tool = row.ToolId,
            Action = row.Action,
            AuthorizationDetails = row.AuthorizationDetails,
            Approvers = JsonSerializer.Deserialize<string[]>(row.Approvers) ?? [],
            Status = status,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
            ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAt),
            DecidedAt = row.DecidedAt is { } d ? DateTimeOffset.FromUnixTimeMilliseconds(d) : null,
            DecidedBy = row.DecidedBy,
            Approver = row.Approver,
            Reason = row.Reason,
            RedeemedAt = row.RedeemedAt is { } r ? DateTimeOffset.FromUnixTimeMilliseconds(r) : null,
            TokenId = row.TokenId,
        };
    }

    /// <summary>Approval ids are <c>ap-</c> and 24 lower-case hex digits; anything else is not looked up.</summary>
    public static bool IsWellFormedId(string? id) =>
        id is { Length: 27 } && id.StartsWith("ap-", StringComparison.Ordinal) && id.AsSpan(3).ContainsAnyExcept("0123456789abcdef") is false;

    private static string NewId()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        return "ap-" + Convert.ToHexStringLower(bytes);
    }

    private static string? Truncate(string? text, int max) => text is { Length: > 0 } && text.Length > max ? text[..max] : text;
}
