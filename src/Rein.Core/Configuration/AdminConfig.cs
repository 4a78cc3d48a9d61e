namespace Rein.Core.Configuration;

/// <summary>A client that may call the admin API (scope <c>rein:admin</c>).</summary>
public sealed record AdminConfig
{
    /// <summary>The client id (yaml <c>id</c>), same rules as agent ids and unique across agents and admins.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// How the admin authenticates (yaml <c>credentials</c>); at least one, and only
    /// <see cref="PrivateKeyJwtCredential"/> or <see cref="WorkloadCredential"/>.
    /// </summary>
    public IReadOnlyList<CredentialConfig> Credentials { get; init; } = [];
}
