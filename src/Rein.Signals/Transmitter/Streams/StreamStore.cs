using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rein.Core.Keys;
using Rein.Core.Storage;
using Rein.Signals.Transmitter.Subjects;

namespace Rein.Signals.Transmitter.Streams;

/// <summary>
/// Persists streams and their subjects. The push <c>Authorization</c> value is encrypted with the master key (it is
/// the receiver's credential), bound to the stream id so a row copied to another stream does not decrypt.
/// </summary>
internal sealed class StreamStore(IDbContextFactory<ReinDbContext> dbFactory, Lazy<KeyProtector> protector, TimeProvider time, Events.EventTypesSupported events)
{
    public async Task<List<StreamState>> LoadAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.SsfStreams.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var removed = (await db.SsfStreamSubjects.AsNoTracking().Where(s => !s.Included).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToLookup(s => s.StreamId, StringComparer.Ordinal);
        return rows.Select(row => ToState(row, removed[row.StreamId].Select(s => SubjectIdentifier.Parse(s.Subject)).ToList())).ToList();
    }

    public async Task CreateAsync(StreamState state, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = new SsfStreamEntity
        {
            StreamId = state.StreamId, ReceiverId = state.ReceiverId, Audience = state.Audience,
            DeliveryMethod = state.Method, EventsRequested = "[]",
        };
        Copy(state, row);
        db.SsfStreams.Add(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveAsync(StreamState state, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.SsfStreams.FindAsync([state.StreamId], cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The stream is not in the store.");
        Copy(state, row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the stream, its subjects, its delivery lease and every SET still waiting for it.</summary>
    public async Task DeleteAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.SsfOutbox.Where(o => o.StreamId == streamId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.SsfStreamSubjects.Where(s => s.StreamId == streamId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.SsfStreamLeases.Where(l => l.StreamId == streamId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.SsfStreams.Where(s => s.StreamId == streamId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A disabled stream holds nothing (SSF 1.0 §8.1.2): drops every waiting SET except stream-control ones.</summary>
    public async Task<int> DropPendingAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.SsfOutbox.Where(o => o.StreamId == streamId && !o.Control).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records that the receiver added (<paramref name="included"/>) or removed a subject.</summary>
    public async Task SetSubjectAsync(string streamId, SubjectIdentifier subject, bool included, bool verified, long now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var hash = subject.Hash();
        var row = await db.SsfStreamSubjects.FindAsync([streamId, hash], cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = new SsfStreamSubjectEntity { StreamId = streamId, SubjectHash = hash, Subject = subject.Canonical };
            db.SsfStreamSubjects.Add(row);
        }
        row.Included = included;
        row.Verified = verified;
        row.ChangedAt = now;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How many SETs wait for the stream (status reads, tests).</summary>
    public async Task<int> PendingCountAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.SsfOutbox.CountAsync(o => o.StreamId == streamId, cancellationToken).ConfigureAwait(false);
    }

    private void Copy(StreamState state, SsfStreamEntity row)
    {
        row.DeliveryMethod = state.Method;
        row.EndpointUrl = state.EndpointUrl;
        row.ProtectedAuthorization = state.Authorization is null ? null : protector.Value.Protect(Encoding.UTF8.GetBytes(state.Authorization), Purpose(state.StreamId));
        row.EventsRequested = JsonSerializer.Serialize(state.EventsRequested);
        row.Description = state.Description;
        row.Status = (int)state.Status;
        row.StatusReason = state.StatusReason;
        row.CreatedAt = state.CreatedAt;
        row.UpdatedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        row.LastVerificationAt = state.LastVerificationAt;
    }

    private StreamState ToState(SsfStreamEntity row, IReadOnlyList<SubjectIdentifier> removed)
    {
        var requested = JsonSerializer.Deserialize<List<string>>(row.EventsRequested) ?? [];
        return new StreamState
        {
            StreamId = row.StreamId,
            ReceiverId = row.ReceiverId,
            Audience = row.Audience,
            Method = row.DeliveryMethod,
            EndpointUrl = row.EndpointUrl,
            Authorization = row.ProtectedAuthorization is { } sealedValue
                ? Encoding.UTF8.GetString(protector.Value.Unprotect(sealedValue, Purpose(row.StreamId)))
                : null,
            EventsRequested = requested,
            EventsDelivered = events.Delivered(requested),
            Description = row.Description,
            Status = (StreamStatus)row.Status,
            StatusReason = row.StatusReason,
            RemovedSubjects = removed,
            LastVerificationAt = row.LastVerificationAt,
            CreatedAt = row.CreatedAt,
        };
    }

    private static string Purpose(string streamId) => "ssf-stream-authorization:" + streamId;
}
