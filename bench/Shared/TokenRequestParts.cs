using System.Buffers.Text;
using System.Security.Cryptography;
using Rein.Jose;
using Rein.Jose.DPoP;

namespace Rein.Bench.Shared;

/// <summary>
/// What an agent sends to <c>POST /oauth/token</c> for client credentials + private_key_jwt + DPoP: a single-use client
/// assertion (RFC 7523 §3, shaped like the one <c>Rein.Client</c> writes) and a DPoP proof (RFC 9449 §4.2) for the
/// token endpoint.
/// </summary>
public static class TokenRequestParts
{
    /// <summary>The RFC 7523 client assertion type.</summary>
    public const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>The broker's token endpoint path, as published in its RFC 8414 metadata.</summary>
    public const string TokenPath = "/oauth/token";

    /// <summary>
    /// A client assertion: <c>iss</c> = <c>sub</c> = the client, <c>aud</c> = the issuer, a random <c>jti</c>, and a
    /// five-minute life (the broker accepts up to ten), so pre-generated assertions outlive a benchmark run.
    /// </summary>
    public static string ClientAssertion(SigningKey clientKey, string clientId, string audience, DateTimeOffset now)
    {
        long iat = now.ToUnixTimeSeconds();
        var state = (clientId, audience, iat, jti: RandomId());
        return JwtWriter.Write(clientKey, "JWT", state, static (w, s) =>
        {
            w.WriteString("iss"u8, s.clientId);
            w.WriteString("sub"u8, s.clientId);
            w.WriteString("aud"u8, s.audience);
            w.WriteString("jti"u8, s.jti);
            w.WriteNumber("iat"u8, s.iat);
            w.WriteNumber("exp"u8, s.iat + 300);
        });
    }

    /// <summary>A DPoP proof for <c>POST</c> to the token endpoint, with the server nonce when one is given.</summary>
    public static string Proof(SigningKey dpopKey, Uri tokenEndpoint, string? nonce, DateTimeOffset now) =>
        DPoPProofWriter.Create(dpopKey, "POST", tokenEndpoint, accessToken: null, nonce, now);

    /// <summary>The <c>application/x-www-form-urlencoded</c> body of a client-credentials request for one tool.</summary>
    public static string FormBody(string clientId, string assertion, string resource, string scope) =>
        "grant_type=client_credentials" +
        "&client_id=" + Uri.EscapeDataString(clientId) +
        "&client_assertion_type=" + Uri.EscapeDataString(JwtBearer) +
        "&client_assertion=" + assertion +
        "&resource=" + Uri.EscapeDataString(resource) +
        "&scope=" + Uri.EscapeDataString(scope);

    /// <summary>A JWKS document holding the public half of <paramref name="key"/>, as <c>rein.yaml</c> expects it.</summary>
    public static string PublicJwks(SigningKey key)
    {
        using var stream = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(stream))
        {
            JsonWebKeySet.Create([key.PublicJwk]).WritePublicJwks(writer);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string RandomId()
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        return Base64Url.EncodeToString(random);
    }
}
