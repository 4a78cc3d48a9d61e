namespace Rein.Broker.ClientAuthentication;

/// <summary>Accepted <c>client_assertion_type</c> values.</summary>
public static class ClientAssertionTypes
{
    /// <summary>RFC 7523 §2.2: a JWT signed by the client's key, or a workload token from a trusted issuer.</summary>
    public const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>draft-ietf-oauth-spiffe-client-auth: a SPIFFE JWT-SVID.</summary>
    public const string JwtSpiffe = "urn:ietf:params:oauth:client-assertion-type:jwt-spiffe";
}
