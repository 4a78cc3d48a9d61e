using Rein.Jose;

namespace Rein.Client;

/// <summary>Who the agent is and how it proves it.</summary>
public sealed class ReinClientOptions
{
    /// <summary>The Rein issuer URL; endpoints are discovered from its RFC 8414 metadata.</summary>
    public required Uri Issuer { get; init; }

    /// <summary>The agent's client_id.</summary>
    public required string ClientId { get; init; }

    /// <summary>The key whose public half is registered for the agent (private_key_jwt, RFC 7523).</summary>
    public SigningKey? ClientKey { get; init; }

    /// <summary>
    /// A workload credential to present instead of a private_key_jwt assertion (a Kubernetes service-account token, a
    /// CI OIDC token), read fresh for each token request since platforms rotate them.
    /// </summary>
    public Func<string>? WorkloadToken { get; init; }

    /// <summary>The key access tokens are bound to (RFC 9449). One is generated when not given.</summary>
    public SigningKey? DPoPKey { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
