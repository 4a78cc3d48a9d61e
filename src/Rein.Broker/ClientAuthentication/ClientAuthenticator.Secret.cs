using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Rein.Broker.ClientAuthentication;

internal sealed partial class ClientAuthenticator
{
    private static readonly byte[] DummyHash = SHA256.HashData("rein-no-such-client"u8);

    /// <summary>client_secret_basic (RFC 6749 §2.3.1), accepted only for a client that declares it as an expiring exception.</summary>
    private ClientAuthResult AuthenticateBasic(string authorization, string? clientIdParameter)
    {
        string id, secret;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) return ClientAuthResult.Fail("the Basic credentials are malformed");
            id = WebUtility.UrlDecode(decoded[..colon]);
            secret = WebUtility.UrlDecode(decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return ClientAuthResult.Fail("the Basic credentials are malformed");
        }
        if (clientIdParameter is not null && !string.Equals(clientIdParameter, id, StringComparison.Ordinal))
        {
            return ClientAuthResult.Fail("client_id does not match the Basic credentials");
        }

        Span<byte> presented = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(secret), presented);
        registry.Current.Clients.TryGetValue(id, out var client);
        var declared = client?.Secret;
        var expected = declared is not null && TryDecode(declared.SecretSha256, out var hash) ? hash : DummyHash;

        // Note: compare even for an unknown client, so timing does not reveal which client ids exist.
        var matches = CryptographicOperations.FixedTimeEquals(presented, expected);
        if (declared is null || !matches) return ClientAuthResult.Fail("client authentication failed");

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (today > declared.Expires)
        {
            return ClientAuthResult.Fail("this client's client_secret_basic exception has expired; move it to private_key_jwt or a workload identity");
        }
        return ClientAuthResult.Success(client!, ClientAuthMethod.ClientSecretBasic);
    }

    private static bool TryDecode(string base64Url, out byte[] hash)
    {
        try
        {
            hash = System.Buffers.Text.Base64Url.DecodeFromChars(base64Url);
            return hash.Length == 32;
        }
        catch (FormatException)
        {
            hash = [];
            return false;
        }
    }
}
