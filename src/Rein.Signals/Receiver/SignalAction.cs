namespace Rein.Signals.Receiver;

/// <summary>What an event makes Rein do to the subjects it names (yaml <c>actions</c> values).</summary>
public enum SignalAction
{
    /// <summary>Audit only.</summary>
    Log,

    /// <summary>Kill the subject's tokens issued up to the event (<c>event_timestamp</c>, capped at receipt).</summary>
    Revoke,

    /// <summary>Refuse all the subject's tokens, and new ones, until an <c>account-enabled</c> event or an admin lifts it.</summary>
    Suspend,

    /// <summary>Restrict the subject's live tokens: high-risk actions refused until the signal is lifted.</summary>
    Restrict,

    /// <summary>Lift a suspension an earlier event put on the subject (<c>account-enabled</c>; not configurable).</summary>
    Lift,
}
