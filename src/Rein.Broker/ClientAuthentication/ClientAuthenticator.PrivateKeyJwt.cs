using Rein.Core.Registry;
using Rein.Jose;

namespace Rein.Broker.ClientAuthentication;

internal sealed partial class ClientAuthenticator
{
    private static readonly JwsReadOptions PrivateKeyJwtOptions = new()
    {
        Algorithms = AssertionAlgorithms,
        // Note: RFC 7523 sets no typ; rfc7523bis introduces client-authentication+jwt. Anything else (at+jwt,
        // dpop+jwt, secevent+jwt…) is another kind of token and must never pass as a client assertion.
        AcceptedTypes = ["JWT", "client-authentication+jwt"],
        MaxTokenLength = MaxAssertionLength,
    };

    private ClientAuthResult AuthenticatePrivateKeyJwt(string assertion, ClientRegistration client, string? clientIdParameter, string[] audiences)
    {
        if (clientIdParameter is not null && !string.Equals(clientIdParameter, client.Id, StringComparison.Ordinal))
        {
            return ClientAuthResult.Fail("client_id does not match the client assertion");
        }

        var read = JwsReader.Read(assertion, PrivateKeyJwtOptions, client.Jwks!.Resolve);
        if (!read.IsValid) return ClientAuthResult.Fail("the client assertion is invalid: " + read.ErrorDescription);

        var now = time.GetUtcNow();
        var check = JwtClaimValidator.Validate(read.Payload, new JwtClaimRules
        {
            Issuer = client.Id,
            Audiences = audiences,
            RequireExpiration = true,
            RequireJwtId = true,
            ClockSkew = ClockSkew,
            MaxLifetime = MaxAssertionLifetime,
        }, now);
        if (!check.IsValid) return ClientAuthResult.Fail("the client assertion is invalid: " + check.Error);
        if (!string.Equals(check.Subject, client.Id, StringComparison.Ordinal))
        {
            return ClientAuthResult.Fail("the client assertion's sub must equal its iss (the client_id)");
        }
        if (check.JwtId!.Length > 256) return ClientAuthResult.Fail("the client assertion's jti is too long");

        // Note: single use (RFC 7523 §3 item 7). Checked last, so a rejected assertion does not burn its jti.
        var expires = check.Expires!.Value + ClockSkew;
        if (!TryRecordAssertion(client.Id, check.JwtId, expires))
        {
            return ClientAuthResult.Fail("the client assertion was already used");
        }
        return ClientAuthResult.Success(client, ClientAuthMethod.PrivateKeyJwt);
    }

    /// <summary>Records the assertion's replay key, "pkj\n" + client id + "\n" + jti, built on the stack when it is short.</summary>
    private bool TryRecordAssertion(string clientId, string jwtId, DateTimeOffset expires)
    {
        const int StackLimit = 512;
        var length = "pkj\n".Length + clientId.Length + 1 + jwtId.Length;
        if (length > StackLimit) return replayCache.TryAdd(string.Concat("pkj\n", clientId, "\n", jwtId), expires);
        Span<char> key = stackalloc char[StackLimit];
        "pkj\n".CopyTo(key);
        var written = "pkj\n".Length;
        clientId.CopyTo(key[written..]);
        written += clientId.Length;
        key[written++] = '\n';
        jwtId.CopyTo(key[written..]);
        return replayCache.TryAdd(key[..length], expires);
    }
}
