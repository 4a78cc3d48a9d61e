using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Rein.Signals.Receiver;

/// <summary>
/// Poll delivery from one transmitter (RFC 8936 §2): long-polls (<c>returnImmediately: false</c>), hands each SET to
/// the <see cref="SignalReceiver"/>, and reports the outcome on the next poll — <c>ack</c> for accepted SETs,
/// <c>setErrs</c> with the RFC 8935 code for refused ones. A SET that could not be processed (the store was down) is
/// neither acknowledged nor refused, so the transmitter delivers it again.
/// </summary>
internal sealed partial class PollClient(SignalReceiver receiver, IHttpClientFactory httpFactory, TimeProvider time, ILogger<PollClient> logger)
{
    /// <summary>The largest poll response read: enough for the SETs asked for, never unbounded.</summary>
    private const int MaxResponseBytes = 8 * 1024 * 1024;

    /// <summary>How long one long-poll may be held open by the transmitter.</summary>
    private static readonly TimeSpan LongPollTimeout = TimeSpan.FromMinutes(5);

    public async Task RunAsync(Transmitter transmitter, Func<CancellationToken, Task<Uri?>> endpoint, CancellationToken stopping)
    {
        var poll = transmitter.Config.Poll!;
        var acks = new List<string>();
        var errors = new Dictionary<string, (string Error, string Description)>(StringComparer.Ordinal);
        while (!stopping.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            bool more;
            int received;
            try
            {
                var url = await endpoint(stopping).ConfigureAwait(false);
                if (url is null)
                {
                    await Task.Delay(poll.Interval, time, stopping).ConfigureAwait(false);
                    continue;
                }
                (received, more) = await PollOnceAsync(transmitter, url, acks, errors, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException or InvalidDataException)
            {
                LogPollFailed(logger, transmitter.Id, ex.GetType().Name);
                await DelayAsync(poll.Interval, stopping).ConfigureAwait(false);
                continue;
            }

            // Note: a transmitter that answers an empty long-poll at once would otherwise be polled in a tight loop.
            if (received == 0 && !more && acks.Count == 0 && errors.Count == 0 && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(1))
            {
                await DelayAsync(poll.Interval, stopping).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One poll: sends what is owed, receives SETs, processes them. Returns how many came and whether more wait.</summary>
    internal async Task<(int Received, bool More)> PollOnceAsync(Transmitter transmitter, Uri url, List<string> acks,
        Dictionary<string, (string Error, string Description)> errors, CancellationToken cancellationToken)
    {
        var poll = transmitter.Config.Poll!;
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.TryAddWithoutValidation("Authorization", poll.Authorization);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Content = new ByteArrayContent(RequestBody(poll.MaxEvents, acks, errors));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var http = httpFactory.CreateClient(TransmitterMetadataClient.HttpClientName);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(LongPollTimeout);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"poll answered {(int)response.StatusCode}");
        }

        // The transmitter has what we owed it: a delivered ack or error is not repeated (RFC 8936 §2.4).
        acks.Clear();
        errors.Clear();
        var body = await ResponseBody.ReadLimitedAsync(response, MaxResponseBytes, cts.Token).ConfigureAwait(false)
            ?? throw new InvalidDataException("poll response too large");
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 8 });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("sets", out var sets) || sets.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("poll response has no sets object");
        }

        var more = root.TryGetProperty("moreAvailable", out var moreElement) && moreElement.ValueKind == JsonValueKind.True;
        var received = 0;
        foreach (var entry in sets.EnumerateObject())
        {
            received++;
            var arrived = Stopwatch.GetTimestamp();
            if (entry.Value.ValueKind != JsonValueKind.String || entry.Name.Length is 0 or > 256)
            {
                if (entry.Name.Length is > 0 and <= 256) errors[entry.Name] = (SetErrorCodes.InvalidRequest, "the SET is not a string");
                continue;
            }

            try
            {
                var outcome = await receiver.ReceiveAsync(transmitter.Id, entry.Value.GetString()!, arrived, "poll", cancellationToken).ConfigureAwait(false);
                if (outcome.Accepted) acks.Add(entry.Name);
                else errors[entry.Name] = (outcome.Error!, outcome.Description!);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                // Not acknowledged: the transmitter will deliver it again.
                LogProcessingFailed(logger, transmitter.Id, ex.GetType().Name);
            }
        }
        return (received, more);
    }

    private static byte[] RequestBody(int maxEvents, List<string> acks, Dictionary<string, (string Error, string Description)> errors)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("maxEvents", maxEvents);
            writer.WriteBoolean("returnImmediately", false);
            writer.WriteStartArray("ack");
            foreach (var jti in acks) writer.WriteStringValue(jti);
            writer.WriteEndArray();
            if (errors.Count > 0)
            {
                writer.WriteStartObject("setErrs");
                foreach (var (jti, (error, description)) in errors)
                {
                    writer.WritePropertyName(jti);
                    SetErrorJson.Write(writer, error, description);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, time, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 5111, EventName = "PollFailed", Level = LogLevel.Warning, Message = "Polling transmitter {Transmitter} failed ({Reason}); will retry")]
    private static partial void LogPollFailed(ILogger logger, string transmitter, string reason);

    [LoggerMessage(EventId = 5112, EventName = "PollProcessingFailed", Level = LogLevel.Warning, Message = "A SET polled from transmitter {Transmitter} could not be processed ({Reason}); it will be delivered again")]
    private static partial void LogProcessingFailed(ILogger logger, string transmitter, string reason);
}
