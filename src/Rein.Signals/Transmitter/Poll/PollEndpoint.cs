using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Rein.Core.Audit;
using Rein.Core.Storage;
using Rein.Signals.Transmitter.Management;
using Rein.Signals.Transmitter.Streams;

namespace Rein.Signals.Transmitter.Poll;

/// <summary>
/// Poll delivery (RFC 8936) at <c>/ssf/poll/{stream_id}</c>, authorized like the management API. Acknowledged SETs
/// (and SETs the receiver reports in <c>setErrs</c>) are deleted first; then the oldest waiting SETs are returned in
/// order, waiting up to the long-poll timeout for one unless <c>returnImmediately</c>. A SET handed out and not
/// acknowledged is handed out again after the redelivery window, so a receiver that crashes loses nothing.
/// </summary>
internal sealed class PollEndpoint(
    ReceiverAuthorization authorization,
    StreamCatalog catalog,
    IDbContextFactory<ReinDbContext> dbFactory,
    TransmitterOptions options,
    AuditLog audit,
    TimeProvider time,
    ILogger<PollEndpoint> logger)
{
    public async Task<IResult> PollAsync(HttpContext http, string streamId)
    {
        var access = authorization.Authorize(http, change: false);
        if (!access.Allowed) return access.Failure!;
        var stream = catalog.Get(streamId);
        if (stream is null || stream.ReceiverId != access.Receiver!.Id || stream.IsPush) return ManagementResults.NotFound();

        var body = await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        if (body.Error is not null) return InvalidRequest("The poll request must be a JSON object.");
        PollRequest request;
        using (var document = body.Document!)
        {
            var (parsed, error) = PollRequest.Parse(document.RootElement);
            if (parsed is null) return InvalidRequest(error!);
            request = parsed;
        }

        await AcknowledgeAsync(stream.StreamId, request, http.RequestAborted).ConfigureAwait(false);
        if (request.MaxEvents == 0) return Sets([], moreAvailable: false);

        var limit = Math.Min(request.MaxEvents ?? options.MaxEventsPerPoll, options.MaxEventsPerPoll);
        var deadline = time.GetUtcNow() + options.LongPollTimeout;
        while (true)
        {
            var current = catalog.Get(stream.StreamId);
            if (current is null) return ManagementResults.NotFound();
            var wake = catalog.Notifier(stream.StreamId).Next;
            var rows = await TakeAsync(current, limit, http.RequestAborted).ConfigureAwait(false);
            var remaining = deadline - time.GetUtcNow();
            if (rows.Count > 0 || request.ReturnImmediately || remaining <= TimeSpan.Zero)
            {
                var more = rows.Count > limit;
                return Sets(more ? rows[..limit] : rows, more);
            }
            await Task.WhenAny(wake, Task.Delay(remaining, time, http.RequestAborted)).ConfigureAwait(false);
            http.RequestAborted.ThrowIfCancellationRequested();
        }
    }

    private async Task AcknowledgeAsync(string streamId, PollRequest request, CancellationToken cancellationToken)
    {
        if (request.Acknowledged.Count == 0 && request.Errors.Count == 0) return;
        foreach (var (jti, err) in request.Errors)
        {
            TransmitterLog.PollSetError(logger, streamId, jti, err);
            audit.Write(new AuditEvent
            {
                Kind = AuditKinds.SignalRejected, Time = time.GetUtcNow(), Decision = "reported",
                Reason = $"stream {streamId}: receiver reported {err} for jti {jti}",
            });
        }
        var done = request.Acknowledged.Concat(request.Errors.Keys).Distinct(StringComparer.Ordinal).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.SsfOutbox.Where(o => o.StreamId == streamId && done.Contains(o.Jti)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Up to <paramref name="limit"/> + 1 due SETs (the extra one only tells whether more are available), marked as handed out.</summary>
    private async Task<List<SsfOutboxEntity>> TakeAsync(StreamState stream, int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var enabled = stream.Status == StreamStatus.Enabled;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.SsfOutbox.AsNoTracking()
            .Where(o => o.StreamId == stream.StreamId && (enabled || o.Control) && o.NextAttemptAt <= now)
            .OrderBy(o => o.Id).Take(limit + 1)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0) return rows;
        var handedOut = rows.Take(limit).Select(r => r.Id).ToList();
        var redeliverAt = now + (long)options.PollRedelivery.TotalMilliseconds;
        await db.SsfOutbox.Where(o => handedOut.Contains(o.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.NextAttemptAt, redeliverAt).SetProperty(o => o.Attempts, o => o.Attempts + 1), cancellationToken)
            .ConfigureAwait(false);
        return rows;
    }

    private static IResult Sets(IReadOnlyList<SsfOutboxEntity> rows, bool moreAvailable)
    {
        var sets = new Dictionary<string, string>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows) sets[row.Jti] = row.Set;
        var body = new Dictionary<string, object> { ["sets"] = sets };
        if (moreAvailable) body["moreAvailable"] = true;
        return ManagementResults.Json(body);
    }

    /// <summary>RFC 8936 §2.4.4 / RFC 8935 §2.3 error object.</summary>
    private static IResult InvalidRequest(string description) =>
        Results.Json(new Dictionary<string, string> { ["err"] = "invalid_request", ["description"] = description }, statusCode: StatusCodes.Status400BadRequest);
}
