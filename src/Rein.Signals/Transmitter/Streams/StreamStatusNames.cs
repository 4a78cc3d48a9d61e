namespace Rein.Signals.Transmitter.Streams;

/// <summary>The wire names of <see cref="StreamStatus"/>: <c>enabled</c>, <c>paused</c>, <c>disabled</c>.</summary>
internal static class StreamStatusNames
{
    public static string Name(StreamStatus status) => status switch
    {
        StreamStatus.Enabled => "enabled",
        StreamStatus.Paused => "paused",
        StreamStatus.Disabled => "disabled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParse(string? name, out StreamStatus status)
    {
        (var ok, status) = name switch
        {
            "enabled" => (true, StreamStatus.Enabled),
            "paused" => (true, StreamStatus.Paused),
            "disabled" => (true, StreamStatus.Disabled),
            _ => (false, StreamStatus.Enabled),
        };
        return ok;
    }
}
