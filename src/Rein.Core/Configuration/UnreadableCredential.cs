namespace Rein.Core.Configuration;

/// <summary>
/// Stands in for a credential entry whose <c>type</c> was missing or unknown. The reader has already reported it, so
/// the configuration can never load; the placeholder only keeps the validator from also reporting "no credentials".
/// </summary>
internal sealed record UnreadableCredential : CredentialConfig;
