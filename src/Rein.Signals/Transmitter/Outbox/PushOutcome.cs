namespace Rein.Signals.Transmitter.Outbox;

/// <summary>How one push went (RFC 8935 §2.2–2.3): accepted, refused with an error code, or failed in transit.</summary>
internal readonly record struct PushOutcome(bool Accepted, string? RefusalCode, string Description)
{
    public static PushOutcome Success { get; } = new(true, null, "accepted");

    public static PushOutcome Refused(string code, string description) => new(false, code, description);

    public static PushOutcome Failed(string description) => new(false, null, description);

    /// <summary>The receiver looked at this SET and said no (400 with an <c>err</c>), rather than not answering.</summary>
    public bool IsRefusal => RefusalCode is not null;
}
