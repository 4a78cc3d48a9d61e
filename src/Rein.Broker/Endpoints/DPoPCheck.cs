using Microsoft.AspNetCore.Http;
using Rein.Broker.Http;
using Rein.Core.Hosting;
using Rein.Jose.DPoP;

namespace Rein.Broker.Endpoints;

/// <summary>Validates the DPoP proof of a token-endpoint request (RFC 9449 §4.3, §8).</summary>
internal sealed class DPoPCheck(DPoPProofValidator validator, DPoPNonces nonces, BrokerOptions options)
{
    private Tuple<string, Uri>? _tokenEndpoint;

    public string CurrentNonce() => nonces.Current();

    /// <summary>
    /// The token endpoint as a <see cref="Uri"/>, built once: the issuer is fixed once the host listens, so it is
    /// recognised by reference.
    /// </summary>
    public Uri TokenEndpoint(IssuerIdentity identity)
    {
        var issuer = identity.Issuer;
        var cached = Volatile.Read(ref _tokenEndpoint);
        if (cached is not null && ReferenceEquals(cached.Item1, issuer)) return cached.Item2;
        cached = Tuple.Create(issuer, new Uri(identity.TokenEndpoint));
        Volatile.Write(ref _tokenEndpoint, cached);
        return cached.Item2;
    }

    /// <summary>
    /// Returns the proof key's thumbprint, null when no proof was sent, or an error result. More than one DPoP
    /// header is an error (RFC 9449 §4.3 check 1).
    /// </summary>
    public (string? Thumbprint, IResult? Error) Validate(HttpRequest request, Uri tokenEndpoint)
    {
        var headers = request.Headers["DPoP"];
        if (headers.Count == 0) return (null, null);
        if (headers.Count > 1)
        {
            return (null, OAuthResults.Error(OAuthError.InvalidDPoPProof, "more than one DPoP proof was sent"));
        }

        var result = validator.Validate(headers[0], request.Method, tokenEndpoint, accessToken: null,
            options.RequireDPoPNonce ? nonces : null);
        if (!result.IsValid)
        {
            return (null, OAuthResults.Error(result.Error, result.Description, dpopNonce: nonces.Current()));
        }
        return (result.Thumbprint, null);
    }
}
