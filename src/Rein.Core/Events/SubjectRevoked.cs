using Rein.Core.Revocation;

namespace Rein.Core.Events;

/// <summary>Every token of a subject issued up to <see cref="RevokedBefore"/> was revoked.</summary>
public sealed record SubjectRevoked : ReinEvent
{
    public required SubjectKey Subject { get; init; }

    /// <summary>Unix milliseconds: tokens issued at or before this instant are dead.</summary>
    public required long RevokedBefore { get; init; }
}
