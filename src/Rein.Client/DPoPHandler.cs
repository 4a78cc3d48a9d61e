namespace Rein.Client;

/// <summary>
/// Adds <c>Authorization: DPoP</c> and a proof for exactly this request (method and URL) to each call, and retries
/// once when the resource asks for a fresh nonce (RFC 9449 §9).
/// </summary>
public sealed class DPoPHandler(ReinClient client, Func<CancellationToken, ValueTask<string>> accessToken) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await accessToken(cancellationToken).ConfigureAwait(false);
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        Prepare(request, uri, token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        client.RememberNonce(uri, response);
        if (ReinClient.IsNonceChallenge(response) && request.Content is null)
        {
            response.Dispose();
            Prepare(request, uri, token);
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            client.RememberNonce(uri, response);
        }
        return response;
    }

    private void Prepare(HttpRequestMessage request, Uri uri, string token)
    {
        request.Headers.Remove("DPoP");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("DPoP", token);
        request.Headers.Add("DPoP", client.CreateProof(request.Method.Method, uri, token));
    }
}
