namespace Rein.Signals.Transmitter.Streams;

/// <summary>A stream's status (SSF 1.0 §8.1.2). Values are persisted: never renumber.</summary>
public enum StreamStatus
{
    /// <summary>Events are transmitted.</summary>
    Enabled = 0,

    /// <summary>Events are held and transmitted when the stream is enabled again.</summary>
    Paused = 1,

    /// <summary>Events are neither transmitted nor held.</summary>
    Disabled = 2,
}
