using Rein.Core.Configuration;
using Rein.Jose;

namespace Rein.Core.Registry;

/// <summary>An OAuth client as the broker sees it: an agent or an admin, with its usable credentials resolved.</summary>
public sealed class ClientRegistration
{
    public required string Id { get; init; }
    public required ClientKind Kind { get; init; }

    /// <summary>The agent's declaration; null for admins.</summary>
    public AgentConfig? Agent { get; init; }

    /// <summary>The SSF receiver's declaration; null for agents and admins.</summary>
    public SignalReceiverConfig? SignalReceiver { get; init; }

    /// <summary>Public keys for private_key_jwt (all of the client's private_key_jwt credentials), or null.</summary>
    public JsonWebKeySet? Jwks { get; init; }

    /// <summary>The client_secret_basic exception, when declared.</summary>
    public ClientSecretCredential? Secret { get; init; }

    /// <summary>Whether token requests must carry a DPoP proof.</summary>
    public bool RequireDpop => Agent?.RequireDpop ?? SignalReceiver?.RequireDpop ?? true;
}
