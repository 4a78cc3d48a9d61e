namespace Rein.Core.Policies;

/// <summary>What loading a policy directory produced: the policy count, or every error with its file, line and column.</summary>
public sealed record PolicyLoadResult(bool Succeeded, int Policies, IReadOnlyList<string> Errors, DateTimeOffset LoadedAt);
