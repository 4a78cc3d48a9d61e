namespace Rein.Core.Storage;

/// <summary>
/// The public half of an instance key that signs transaction tokens (a gateway-only process's own key). The private
/// half never leaves the memory of the process that generated it, so nothing secret is stored here.
/// </summary>
public sealed class TransactionKeyEntity
{
    public required string KeyId { get; set; }
    public required string Algorithm { get; set; }
    public required string PublicJwk { get; set; }

    /// <summary>Unix milliseconds: published from this instant.</summary>
    public long CreatedAt { get; set; }

    /// <summary>Unix milliseconds: signs from this instant (after relying parties' caches have seen it published).</summary>
    public long ActivatesAt { get; set; }

    /// <summary>Unix milliseconds: unpublished from this instant, when no token it signed can still be valid.</summary>
    public long NotAfter { get; set; }
}
