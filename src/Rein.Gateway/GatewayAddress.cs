namespace Rein.Gateway;

/// <summary>
/// The gateway's public base URL: what agents put in a DPoP proof's <c>htu</c>. With the broker in the same process
/// it is the issuer; a gateway running alone uses <c>--public-url</c> or its first listening address. Never derived
/// from a request's <c>Host</c> header, which the caller controls.
/// </summary>
public sealed class GatewayAddress
{
    private string? _baseUrl;

    public string BaseUrl => _baseUrl ?? throw new InvalidOperationException("The gateway's public URL is not known before the server has started.");

    public void Set(string baseUrl)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseUrl);
        Interlocked.CompareExchange(ref _baseUrl, baseUrl.TrimEnd('/'), null);
    }
}
