using System.Buffers.Text;
using System.Security.Cryptography;
using Rein.Jose;

namespace Rein.Bench.Shared;

/// <summary>
/// Writes an access token with the header and claims <c>AccessTokenIssuer</c> writes (RFC 9068, <c>typ at+jwt</c>):
/// the issuer itself is internal to <c>Rein.Broker</c>, so this is the same work done through the public
/// <see cref="JwtWriter"/>, including the random <c>jti</c>.
/// </summary>
public static class AccessTokenShape
{
    /// <summary>Signs one access token.</summary>
    public static string Write(SigningKey key, string issuer, string subject, string audience, string scope, string sessionId, string? jkt, long iat, long lifetimeSeconds)
    {
        var state = (issuer, subject, audience, scope, sessionId, jkt, iat, exp: iat + lifetimeSeconds, jti: NewJwtId());
        return JwtWriter.Write(key, "at+jwt", state, static (w, s) =>
        {
            w.WriteString("iss"u8, s.issuer);
            w.WriteString("sub"u8, s.subject);
            w.WriteString("aud"u8, s.audience);
            w.WriteString("client_id"u8, s.subject);
            w.WriteString("scope"u8, s.scope);
            w.WriteString("jti"u8, s.jti);
            w.WriteNumber("iat"u8, s.iat);
            w.WriteNumber("exp"u8, s.exp);
            w.WriteString("sid"u8, s.sessionId);
            if (s.jkt is not null)
            {
                w.WriteStartObject("cnf"u8);
                w.WriteString("jkt"u8, s.jkt);
                w.WriteEndObject();
            }
        });
    }

    private static string NewJwtId()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
