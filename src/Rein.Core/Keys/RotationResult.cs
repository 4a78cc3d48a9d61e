namespace Rein.Core.Keys;

/// <summary>What a rotation did: the new key, when it starts signing, and the keys it retires.</summary>
public sealed record RotationResult(string KeyId, string Algorithm, DateTimeOffset ActivatesAt, IReadOnlyList<string> RetiredKeyIds);
