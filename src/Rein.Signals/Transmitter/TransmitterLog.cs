using Microsoft.Extensions.Logging;

namespace Rein.Signals.Transmitter;

/// <summary>The transmitter's diagnostic log (event ids 5100–5199). Never a SET, token or Authorization value.</summary>
internal static partial class TransmitterLog
{
    [LoggerMessage(EventId = 5201, EventName = "SsfTransmitterReady", Level = LogLevel.Information, Message = "SSF transmitter ready: {Streams} streams, {Pending} SETs waiting")]
    public static partial void Ready(ILogger logger, int streams, int pending);

    [LoggerMessage(EventId = 5202, EventName = "SsfPushFailed", Level = LogLevel.Warning, Message = "Push of a SET on stream {StreamId} failed ({Error}); attempt {Attempt}, next in {DelayMs} ms")]
    public static partial void PushFailed(ILogger logger, string streamId, string error, int attempt, long delayMs);

    [LoggerMessage(EventId = 5203, EventName = "SsfSetRejected", Level = LogLevel.Warning, Message = "The receiver of stream {StreamId} refused SET {Jti} {Attempts} times ({Error}); dropped")]
    public static partial void SetRejected(ILogger logger, string streamId, string jti, int attempts, string error);

    [LoggerMessage(EventId = 5204, EventName = "SsfOutboxFailed", Level = LogLevel.Error, Message = "Could not store {Count} SETs in the outbox")]
    public static partial void OutboxFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 5205, EventName = "SsfWorkerFailed", Level = LogLevel.Error, Message = "The push worker of stream {StreamId} failed; it restarts")]
    public static partial void WorkerFailed(ILogger logger, Exception exception, string streamId);

    [LoggerMessage(EventId = 5206, EventName = "SsfPollError", Level = LogLevel.Information, Message = "The receiver of stream {StreamId} reported an error for SET {Jti}: {Error}")]
    public static partial void PollSetError(ILogger logger, string streamId, string jti, string error);

    [LoggerMessage(EventId = 5207, EventName = "SsfNoSigningKey", Level = LogLevel.Error, Message = "No active {Algorithm} signing key: SETs for stream {StreamId} cannot be signed")]
    public static partial void NoSigningKey(ILogger logger, string algorithm, string streamId);

    [LoggerMessage(EventId = 5209, EventName = "SsfLeaseLost", Level = LogLevel.Warning, Message = "Another instance took over push stream {StreamId}; this instance stops pushing it")]
    public static partial void LeaseLost(ILogger logger, string streamId);
}
