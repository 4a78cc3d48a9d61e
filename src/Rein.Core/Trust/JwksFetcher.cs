using System.Net.Http.Headers;
using Rein.Jose;

namespace Rein.Core.Trust;

/// <summary>Fetches a JWK Set over HTTP with a size limit and a timeout; any failure is "no keys", never an exception.</summary>
internal static class JwksFetcher
{
    public const int MaxJwksBytes = 256 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<JsonWebKeySet?> FetchAsync(HttpClient http, Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(Timeout);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return null;
            if (response.Content.Headers.ContentLength > MaxJwksBytes) return null;
            await using var stream = await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false);
            var buffer = new byte[MaxJwksBytes + 1];
            var total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(total), cts.Token).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > MaxJwksBytes) return null;
            }
            return JsonWebKeySet.TryParse(buffer.AsSpan(0, total), requirePublicKeys: true, out var set, out _) ? set : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
