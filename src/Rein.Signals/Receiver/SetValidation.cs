namespace Rein.Signals.Receiver;

/// <summary>The outcome of validating one SET: the SET, or the RFC 8935 error. An error unless proven otherwise.</summary>
public sealed class SetValidation
{
    private SetValidation(ReceivedSet? set, string? error, string? description)
    {
        Set = set;
        Error = error;
        Description = description;
    }

    public ReceivedSet? Set { get; }

    /// <summary>The <c>err</c> code; null when valid.</summary>
    public string? Error { get; }

    /// <summary>A fixed, human-readable description that never repeats the SET or its values.</summary>
    public string? Description { get; }

    public bool IsValid => Set is not null;

    public static SetValidation Valid(ReceivedSet set) => new(set, null, null);

    public static SetValidation Invalid(string error, string description) => new(null, error, description);
}
