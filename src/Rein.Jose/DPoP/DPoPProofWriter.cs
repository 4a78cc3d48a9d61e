using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Rein.Jose.DPoP;

/// <summary>Creates DPoP proofs (RFC 9449 §4.2), for clients and tests.</summary>
public static class DPoPProofWriter
{
    /// <summary>
    /// Creates a proof: header <c>typ</c> <c>dpop+jwt</c> with the public <c>jwk</c>; claims a random <c>jti</c>,
    /// <c>htm</c>, <c>htu</c> (the URI without query and fragment), <c>iat</c>, <c>ath</c> when an access token is
    /// given, and <c>nonce</c> when one is given.
    /// </summary>
    /// <param name="key">The client's DPoP key.</param>
    /// <param name="method">The request method.</param>
    /// <param name="uri">The absolute request URI.</param>
    /// <param name="accessToken">The access token sent with the request, or null.</param>
    /// <param name="nonce">The latest server nonce, or null.</param>
    /// <param name="now">The issue time.</param>
    public static string Create(SigningKey key, string method, Uri uri, string? accessToken, string? nonce, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException("The request URI must be absolute.", nameof(uri));
        }

        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        var claims = new ProofClaims(
            Base64Url.EncodeToString(random),
            method,
            uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped),
            now.ToUnixTimeSeconds(),
            accessToken is null ? null : Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))),
            nonce);
        return JwtWriter.Write(key, DPoPProofValidator.ProofType, claims, WriteClaims, embedPublicJwk: true);
    }

    private static void WriteClaims(Utf8JsonWriter writer, ProofClaims claims)
    {
        writer.WriteString("jti"u8, claims.JwtId);
        writer.WriteString("htm"u8, claims.Method);
        writer.WriteString("htu"u8, claims.Uri);
        writer.WriteNumber("iat"u8, claims.IssuedAt);
        if (claims.AccessTokenHash is not null)
        {
            writer.WriteString("ath"u8, claims.AccessTokenHash);
        }

        if (claims.Nonce is not null)
        {
            writer.WriteString("nonce"u8, claims.Nonce);
        }
    }
}
