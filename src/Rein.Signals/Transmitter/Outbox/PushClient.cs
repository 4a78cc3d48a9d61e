using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Rein.Signals.Transmitter.Streams;

namespace Rein.Signals.Transmitter.Outbox;

/// <summary>
/// Posts one SET to a receiver (RFC 8935 §2): <c>Content-Type: application/secevent+jwt</c>, <c>Accept:
/// application/json</c>, the stream's Authorization value when it has one. No redirects are followed: Rein posts only
/// to the URL the receiver registered and the configuration allowed. Only the first 4 KiB of a 400's body are read.
/// </summary>
/// <remarks>
/// One <see cref="HttpClient"/> over one <see cref="SocketsHttpHandler"/> for the life of the transmitter: connections
/// are reused across pushes (each stream's worker sends one SET at a time, so it keeps one connection busy) and
/// recycled every 5 minutes so DNS changes are seen. It bypasses <c>IHttpClientFactory</c>, whose per-request logging
/// handlers cost more than the rest of the client on a loopback receiver.
/// </remarks>
internal sealed class PushClient : IDisposable
{
    private const int MaxErrorBody = 4096;
    private static readonly MediaTypeHeaderValue SetMediaType = new("application/secevent+jwt");

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ActivityHeadersPropagator = null,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        MaxResponseHeadersLength = 16,
        // Note: a 2xx body is never read; a connection is reused only if what is left of it is small.
        MaxResponseDrainSize = 16 * 1024,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public void Dispose() => _http.Dispose();

    public async Task<PushOutcome> PushAsync(StreamState stream, string set, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, stream.EndpointUrl);
        request.Content = new ByteArrayContent(Encoding.ASCII.GetBytes(set)) { Headers = { ContentType = SetMediaType } };
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        if (stream.Authorization is { } authorization) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode) return PushOutcome.Success;
            if (response.StatusCode == HttpStatusCode.BadRequest && await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false) is { } code)
            {
                return PushOutcome.Refused(code, $"400 {code}");
            }
            return PushOutcome.Failed($"HTTP {(int)response.StatusCode}");
        }
        catch (HttpRequestException ex)
        {
            return PushOutcome.Failed(ex.HttpRequestError.ToString());
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return PushOutcome.Failed("timeout");
        }
    }

    /// <summary>The RFC 8935 §2.3 <c>err</c> code of a 400, when the body is the JSON error object it must be.</summary>
    private static async Task<string?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is > MaxErrorBody) return null;
        var bytes = new byte[MaxErrorBody];
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var read = 0;
        while (read < bytes.Length)
        {
            var n = await stream.ReadAsync(bytes.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            read += n;
        }
        try
        {
            using var document = JsonDocument.Parse(bytes.AsMemory(0, read));
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   document.RootElement.TryGetProperty("err", out var err) && err.ValueKind == JsonValueKind.String &&
                   err.GetString() is { Length: > 0 and <= 64 } code && code.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
                ? code
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
