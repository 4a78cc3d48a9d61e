namespace Rein.Core.Configuration;

/// <summary>
/// How a client authenticates to the broker (yaml <c>credentials[]</c>, discriminated by <c>type</c>):
/// <see cref="PrivateKeyJwtCredential"/>, <see cref="WorkloadCredential"/> or <see cref="ClientSecretCredential"/>.
/// </summary>
public abstract record CredentialConfig;
