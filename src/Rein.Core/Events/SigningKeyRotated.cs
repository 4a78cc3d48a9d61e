namespace Rein.Core.Events;

/// <summary>The issuer introduced a new signing key and retired the keys it replaces.</summary>
public sealed record SigningKeyRotated : ReinEvent
{
    public required string KeyId { get; init; }
    public required string Algorithm { get; init; }
    public required DateTimeOffset ActivatesAt { get; init; }
    public IReadOnlyList<string> RetiredKeyIds { get; init; } = [];
}
