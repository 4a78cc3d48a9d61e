using Microsoft.AspNetCore.Http;
using Rein.Signals.Transmitter.Streams;
using Rein.Signals.Transmitter.Subjects;

namespace Rein.Signals.Transmitter.Management;

/// <summary>
/// The Add and Remove Subject Endpoints (SSF 1.0 §8.1.3). Rein's <c>default_subjects</c> is <c>ALL</c>: every subject
/// is on a new stream, removing one stops its events, adding it back resumes them. Whether Rein knows a subject is
/// never revealed (§9.1): any well-formed subject is accepted.
/// </summary>
internal sealed class SubjectEndpoints(
    ReceiverAuthorization authorization,
    StreamCatalog catalog,
    StreamStore store,
    TimeProvider time)
{
    /// <summary>Every event is matched against a stream's removed subjects: their number is bounded.</summary>
    public const int MaxRemovedSubjects = 1000;

    public Task<IResult> AddAsync(HttpContext http) => ChangeAsync(http, include: true);

    public Task<IResult> RemoveAsync(HttpContext http) => ChangeAsync(http, include: false);

    private async Task<IResult> ChangeAsync(HttpContext http, bool include)
    {
        var access = authorization.Authorize(http, change: true);
        if (!access.Allowed) return access.Failure!;
        var body = await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        if (body.Error is not null) return body.Error;
        using var document = body.Document!;
        var root = document.RootElement;
        var streamId = JsonBody.String(root, "stream_id", out var badId);
        if (badId || streamId is null) return ManagementResults.BadRequest("stream_id is required.");
        if (!root.TryGetProperty("subject", out var subjectJson)) return ManagementResults.BadRequest("subject is required.");
        if (!SubjectIdentifier.TryRead(subjectJson, out var subject, out var error)) return ManagementResults.BadRequest(error!);
        var verified = true;
        if (root.TryGetProperty("verified", out var verifiedJson))
        {
            if (verifiedJson.ValueKind is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)) return ManagementResults.BadRequest("verified must be true or false.");
            verified = verifiedJson.GetBoolean();
        }
        var stream = catalog.Get(streamId);
        if (stream is null || stream.ReceiverId != access.Receiver!.Id) return ManagementResults.NotFound();
        if (!include && subject!.Matches(SubjectIdentifier.Opaque(stream.StreamId)) && subject.Format == "opaque")
        {
            return ManagementResults.BadRequest("The stream's own subject is always on the stream and cannot be removed.");
        }

        if (!include && stream.RemovedSubjects.Count >= MaxRemovedSubjects && !stream.RemovedSubjects.Any(s => s.Canonical == subject!.Canonical))
        {
            return ManagementResults.BadRequest($"A stream can have at most {MaxRemovedSubjects} removed subjects; add some back or use another stream.");
        }

        await store.SetSubjectAsync(stream.StreamId, subject!, include, verified, time.GetUtcNow().ToUnixTimeMilliseconds(), http.RequestAborted).ConfigureAwait(false);
        var removed = stream.RemovedSubjects.Where(s => s.Canonical != subject!.Canonical).ToList();
        if (!include) removed.Add(subject!);
        catalog.Put(stream with { RemovedSubjects = removed });
        return include ? ManagementResults.EmptyOk() : ManagementResults.NoContent();
    }
}
