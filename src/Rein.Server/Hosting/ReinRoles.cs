namespace Rein.Server.Hosting;

/// <summary>What one Rein process does. All roles run by default; <c>rein serve --roles gateway</c> runs one.</summary>
[Flags]
public enum ReinRoles
{
    None = 0,

    /// <summary>The authorization server: discovery, JWKS, token, introspection, revocation. Holds the signing keys.</summary>
    Broker = 1,

    /// <summary>The policy enforcement point on <c>/tools/{id}/…</c>. Verifies with public keys only.</summary>
    Gateway = 2,

    /// <summary>The admin API and its OpenAPI document.</summary>
    Admin = 4,

    /// <summary>Shared signals: the SSF receiver and transmitter.</summary>
    Signals = 8,

    All = Broker | Gateway | Admin | Signals,
}
