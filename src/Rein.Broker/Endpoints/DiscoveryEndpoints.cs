using Microsoft.AspNetCore.Http;
using Rein.Core.Hosting;
using Rein.Core.Keys;

namespace Rein.Broker.Endpoints;

/// <summary>RFC 8414 metadata and the RFC 7517 JWKS.</summary>
internal sealed class DiscoveryEndpoints(IssuerIdentity identity, KeyRing keys)
{
    public const string MetadataPath = "/.well-known/oauth-authorization-server";
    public const string JwksPath = "/.well-known/jwks.json";

    private static readonly string[] AssertionAlgorithms = ["ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];
    private static readonly string[] DPoPAlgorithms = ["ES256", "ES384", "ES512", "RS256", "PS256"];

    public IResult Metadata()
    {
        var issuer = identity.Issuer;
        var document = new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["token_endpoint"] = issuer + TokenEndpoint.Path,
            ["jwks_uri"] = issuer + JwksPath,
            ["introspection_endpoint"] = issuer + IntrospectionEndpoint.Path,
            ["revocation_endpoint"] = issuer + RevocationEndpoint.Path,
            ["grant_types_supported"] = new[] { TokenEndpoint.ClientCredentialsGrant, TokenEndpoint.TokenExchangeGrant },
            ["response_types_supported"] = Array.Empty<string>(),
            ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt", "client_secret_basic" },
            ["token_endpoint_auth_signing_alg_values_supported"] = AssertionAlgorithms,
            ["introspection_endpoint_auth_methods_supported"] = new[] { "private_key_jwt", "client_secret_basic" },
            ["introspection_endpoint_auth_signing_alg_values_supported"] = AssertionAlgorithms,
            ["revocation_endpoint_auth_methods_supported"] = new[] { "private_key_jwt", "client_secret_basic" },
            ["revocation_endpoint_auth_signing_alg_values_supported"] = AssertionAlgorithms,
            ["dpop_signing_alg_values_supported"] = DPoPAlgorithms,
            ["authorization_response_iss_parameter_supported"] = false,
        };
        return Results.Json(document, statusCode: StatusCodes.Status200OK);
    }

    public IResult Jwks(HttpContext context)
    {
        context.Response.Headers.CacheControl = $"public, max-age={(int)keys.Options.JwksMaxAge.TotalSeconds}";
        return Results.Bytes(keys.JwksDocument, "application/jwk-set+json");
    }
}
