using Rein.Jose;

namespace Rein.Bench.Shared;

/// <summary>
/// What an agent sends to <c>POST /oauth/token</c> for a token exchange (RFC 8693) that acts for a person: the person's
/// token from their IdP, and the same single-use client assertion and DPoP proof as client credentials.
/// </summary>
public static class ExchangeRequestParts
{
    public const string TokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";
    public const string JwtTokenType = "urn:ietf:params:oauth:token-type:jwt";

    /// <summary>The person's token as an IdP issues it: <c>iss</c>, <c>sub</c>, <c>aud</c>, <c>iat</c>, an hour's life.</summary>
    public static string PersonToken(SigningKey idpKey, string issuer, string subject, string audience, DateTimeOffset now)
    {
        long iat = now.ToUnixTimeSeconds();
        return JwtWriter.Write(idpKey, "JWT", (issuer, subject, audience, iat), static (w, s) =>
        {
            w.WriteString("iss"u8, s.issuer);
            w.WriteString("sub"u8, s.subject);
            w.WriteString("aud"u8, s.audience);
            w.WriteNumber("iat"u8, s.iat);
            w.WriteNumber("exp"u8, s.iat + 3600);
        });
    }

    /// <summary>The form body of a token exchange for one tool.</summary>
    public static string FormBody(string clientId, string assertion, string subjectToken, string resource, string scope) =>
        "grant_type=" + Uri.EscapeDataString(TokenExchangeGrant) +
        "&client_id=" + Uri.EscapeDataString(clientId) +
        "&client_assertion_type=" + Uri.EscapeDataString(TokenRequestParts.JwtBearer) +
        "&client_assertion=" + assertion +
        "&subject_token=" + subjectToken +
        "&subject_token_type=" + Uri.EscapeDataString(JwtTokenType) +
        "&resource=" + Uri.EscapeDataString(resource) +
        "&scope=" + Uri.EscapeDataString(scope);
}
