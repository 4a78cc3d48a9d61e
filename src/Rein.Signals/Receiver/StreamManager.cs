using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Rein.Core.Hosting;

namespace Rein.Signals.Receiver;

/// <summary>
/// Creates Rein's stream at a transmitter that offers stream management (SSF 1.0 §8.1.1.1) — once: its id is kept in
/// the store — and asks for a verification event (§8.1.4.2) whose <c>state</c> the receiver then expects. The answer
/// is checked before use: <c>iss</c> must be the transmitter's issuer and <c>aud</c> must name Rein.
/// </summary>
internal sealed partial class StreamManager(TransmitterMetadataClient metadata, StreamStateStore streams, IssuerIdentity issuer,
    IHttpClientFactory httpFactory, ILogger<StreamManager> logger)
{
    private const int MaxResponseBytes = 64 * 1024;

    /// <summary>Ensures the stream exists; returns its poll endpoint (from config, or as the transmitter named it), if any.</summary>
    public async Task<Uri?> EnsureStreamAsync(Transmitter transmitter, CancellationToken cancellationToken)
    {
        var config = transmitter.Config;
        var stored = await streams.GetAsync(transmitter.Id, cancellationToken).ConfigureAwait(false);
        if (config.Stream is not { } stream || stored?.StreamId is not null)
        {
            return config.Poll?.Endpoint is { } configured ? new Uri(configured) : stored?.PollEndpoint is { } remembered ? new Uri(remembered) : null;
        }

        var meta = await metadata.FetchAsync(config.Issuer, cancellationToken).ConfigureAwait(false);
        var endpoint = stream.Endpoint is { } e ? new Uri(e) : meta?.ConfigurationEndpoint;
        if (endpoint is null)
        {
            LogNoEndpoint(logger, transmitter.Id);
            return null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Headers.TryAddWithoutValidation("Authorization", stream.Authorization);
        request.Content = new ByteArrayContent(CreateBody(transmitter, config.Push is null ? null : stream.PushUrl ?? issuer.Issuer));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var http = httpFactory.CreateClient(TransmitterMetadataClient.HttpClientName);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            LogCreateFailed(logger, transmitter.Id, (int)response.StatusCode);
            return null;
        }

        var body = await ResponseBody.ReadLimitedAsync(response, MaxResponseBytes, cancellationToken).ConfigureAwait(false);
        if (body is null || !TryReadStream(body, config.Issuer, config.Audience, out var streamId, out var pollEndpoint))
        {
            LogCreateFailed(logger, transmitter.Id, (int)response.StatusCode);
            return null;
        }

        await streams.UpdateAsync(transmitter.Id, row =>
        {
            row.StreamId = streamId;
            row.PollEndpoint = pollEndpoint;
            row.Status = "enabled";
        }, cancellationToken).ConfigureAwait(false);
        LogCreated(logger, transmitter.Id, streamId);

        if (meta?.VerificationEndpoint is { } verification)
        {
            await RequestVerificationAsync(transmitter, verification, streamId, cancellationToken).ConfigureAwait(false);
        }
        return config.Poll?.Endpoint is { } configuredPoll ? new Uri(configuredPoll) : pollEndpoint is null ? null : new Uri(pollEndpoint);
    }

    /// <summary>Asks for a verification event carrying a fresh random <c>state</c>, remembered until it arrives.</summary>
    public async Task<bool> RequestVerificationAsync(Transmitter transmitter, Uri verificationEndpoint, string streamId, CancellationToken cancellationToken)
    {
        var state = Base64UrlState();
        await streams.UpdateAsync(transmitter.Id, row => row.PendingVerificationState = state, cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Post, verificationEndpoint);
        request.Headers.TryAddWithoutValidation("Authorization", transmitter.Config.Stream!.Authorization);
        request.Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["stream_id"] = streamId, ["state"] = state }));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var http = httpFactory.CreateClient(TransmitterMetadataClient.HttpClientName);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    private static string Base64UrlState() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] CreateBody(Transmitter transmitter, string? baseUrl)
    {
        var config = transmitter.Config;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("delivery");
            if (config.Push is { } push)
            {
                writer.WriteString("method", "urn:ietf:rfc:8935");
                writer.WriteString("endpoint_url", baseUrl!.TrimEnd('/') + "/ssf/receiver/" + Uri.EscapeDataString(config.Id));
                writer.WriteString("authorization_header", push.Authorization);
            }
            else
            {
                writer.WriteString("method", "urn:ietf:rfc:8936");
            }
            writer.WriteEndObject();
            writer.WriteStartArray("events_requested");
            foreach (var eventType in EventActionTable.Defaults.Keys.Order(StringComparer.Ordinal)) writer.WriteStringValue(eventType);
            writer.WriteEndArray();
            writer.WriteString("description", "Rein receiver for transmitter " + config.Id);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static bool TryReadStream(byte[] body, string expectedIssuer, string audience, out string streamId, out string? pollEndpoint)
    {
        streamId = "";
        pollEndpoint = null;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 8 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("stream_id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 and <= 256 } idText ||
                !root.TryGetProperty("iss", out var iss) || iss.ValueKind != JsonValueKind.String || iss.GetString() != expectedIssuer ||
                !root.TryGetProperty("aud", out var aud) || !NamesAudience(aud, audience))
            {
                return false;
            }
            streamId = idText;
            if (root.TryGetProperty("delivery", out var delivery) && delivery.ValueKind == JsonValueKind.Object &&
                delivery.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.String && method.GetString() == "urn:ietf:rfc:8936" &&
                delivery.TryGetProperty("endpoint_url", out var url) && url.ValueKind == JsonValueKind.String &&
                Uri.TryCreate(url.GetString(), UriKind.Absolute, out var pollUri) && (pollUri.Scheme == Uri.UriSchemeHttps || pollUri.IsLoopback))
            {
                pollEndpoint = pollUri.ToString();
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool NamesAudience(JsonElement aud, string audience) => aud.ValueKind switch
    {
        JsonValueKind.String => aud.GetString() == audience,
        JsonValueKind.Array => aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == audience),
        _ => false,
    };

    [LoggerMessage(EventId = 5121, EventName = "StreamCreated", Level = LogLevel.Information, Message = "Created Rein's stream {StreamId} at transmitter {Transmitter}")]
    private static partial void LogCreated(ILogger logger, string transmitter, string streamId);

    [LoggerMessage(EventId = 5122, EventName = "StreamCreateFailed", Level = LogLevel.Warning, Message = "Creating Rein's stream at transmitter {Transmitter} failed (HTTP {Status} or an answer that did not validate); will retry")]
    private static partial void LogCreateFailed(ILogger logger, string transmitter, int status);

    [LoggerMessage(EventId = 5123, EventName = "StreamNoEndpoint", Level = LogLevel.Warning, Message = "Transmitter {Transmitter} names no configuration endpoint; Rein's stream cannot be created")]
    private static partial void LogNoEndpoint(ILogger logger, string transmitter);
}
