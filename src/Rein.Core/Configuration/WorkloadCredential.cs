namespace Rein.Core.Configuration;

/// <summary>
/// Authentication with a token from a trusted issuer, such as a Kubernetes service account token, a SPIFFE JWT-SVID
/// or a CI OIDC token (yaml <c>type: workload</c> with <c>issuer</c> and <c>subject</c>).
/// </summary>
public sealed record WorkloadCredential : CredentialConfig
{
    /// <summary>The token's <c>iss</c>; must be declared under <c>trust:</c>.</summary>
    public required string Issuer { get; init; }

    /// <summary>The token's <c>sub</c>, such as <c>system:serviceaccount:agents:triage-bot</c>.</summary>
    public required string Subject { get; init; }
}
