using Rein.Core.Registry;

namespace Rein.Broker.ClientAuthentication;

/// <summary>The outcome of client authentication: a failure unless a client was proven.</summary>
public sealed class ClientAuthResult
{
    private ClientAuthResult(ClientRegistration? client, ClientAuthMethod method, string? error, string? description)
    {
        Client = client;
        Method = method;
        Error = error;
        ErrorDescription = description;
    }

    public ClientRegistration? Client { get; }
    public ClientAuthMethod Method { get; }

    /// <summary>An RFC 6749 error code (<c>invalid_client</c> or <c>invalid_request</c>) when authentication failed.</summary>
    public string? Error { get; }
    public string? ErrorDescription { get; }

    public bool Succeeded => Client is not null;

    public static ClientAuthResult Success(ClientRegistration client, ClientAuthMethod method) => new(client, method, null, null);

    public static ClientAuthResult Fail(string description) => new(null, default, Http.OAuthError.InvalidClient, description);

    public static ClientAuthResult BadRequest(string description) => new(null, default, Http.OAuthError.InvalidRequest, description);
}
