using System.Net.Http.Headers;
using System.Text.Json;

namespace Rein.Signals.Receiver;

/// <summary>
/// Fetches a transmitter's <c>/.well-known/ssf-configuration</c> (SSF 1.0 §7.2): inserted between host and path of
/// the issuer, size-limited, and refused unless its <c>issuer</c> is exactly the configured one (§7.2.3: information
/// that fails validation must not be used).
/// </summary>
internal sealed class TransmitterMetadataClient(IHttpClientFactory httpFactory)
{
    public const string HttpClientName = "rein-ssf-receiver";
    private const int MaxMetadataBytes = 64 * 1024;

    public static Uri WellKnownUri(string issuer)
    {
        var uri = new Uri(issuer);
        var path = uri.AbsolutePath.TrimEnd('/');
        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/.well-known/ssf-configuration" + path);
    }

    public async Task<TransmitterMetadata?> FetchAsync(string issuer, CancellationToken cancellationToken)
    {
        var bytes = await GetLimitedAsync(WellKnownUri(issuer), cancellationToken).ConfigureAwait(false);
        if (bytes is null) return null;
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("issuer", out var iss) || iss.ValueKind != JsonValueKind.String ||
                !string.Equals(iss.GetString(), issuer, StringComparison.Ordinal))
            {
                return null;
            }

            return new TransmitterMetadata
            {
                Issuer = issuer,
                JwksUri = Url(root, "jwks_uri"),
                ConfigurationEndpoint = Url(root, "configuration_endpoint"),
                VerificationEndpoint = Url(root, "verification_endpoint"),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An absolute https URL (http only on loopback) from the metadata, or null.</summary>
    private static Uri? Url(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String) return null;
        return Uri.TryCreate(value.GetString(), UriKind.Absolute, out var uri) &&
               (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            ? uri
            : null;
    }

    private async Task<byte[]?> GetLimitedAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            var http = httpFactory.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxMetadataBytes) return null;
            return await ResponseBody.ReadLimitedAsync(response, MaxMetadataBytes, cts.Token).ConfigureAwait(false);
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
