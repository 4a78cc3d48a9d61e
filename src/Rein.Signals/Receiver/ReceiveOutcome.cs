namespace Rein.Signals.Receiver;

/// <summary>What became of one delivered SET: accepted (applied, or a duplicate acknowledged), or refused with an RFC 8935 error.</summary>
public sealed record ReceiveOutcome(bool Accepted, string? Error, string? Description, bool Duplicate = false)
{
    public static ReceiveOutcome Applied { get; } = new(true, null, null);

    public static ReceiveOutcome AlreadyReceived { get; } = new(true, null, null, Duplicate: true);

    public static ReceiveOutcome Refused(string error, string description) => new(false, error, description);
}
