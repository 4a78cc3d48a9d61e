using Microsoft.Extensions.Logging;

namespace Rein.Core.Events;

/// <summary>
/// Where Core announces <see cref="ReinEvent"/>s to whoever listens (the SSF transmitter, when the signals role runs).
/// Core never knows its listeners. Publishing awaits every handler, so a caller that returns after publishing knows the
/// event is recorded (the transmitter writes its outbox); a failing handler is logged and never fails the action that
/// already happened.
/// </summary>
public sealed partial class ReinEventHub(ILogger<ReinEventHub> logger)
{
    private volatile Func<ReinEvent, CancellationToken, ValueTask>[] _handlers = [];
    private readonly Lock _gate = new();

    /// <summary>Whether anyone listens; publishers may skip building an event when nobody does.</summary>
    public bool HasSubscribers => _handlers.Length > 0;

    public void Subscribe(Func<ReinEvent, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            _handlers = [.. _handlers, handler];
        }
    }

    public async ValueTask PublishAsync(ReinEvent reinEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reinEvent);
        foreach (var handler in _handlers)
        {
            try
            {
                await handler(reinEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogHandlerFailed(logger, ex, reinEvent.GetType().Name);
            }
        }
    }

    [LoggerMessage(EventId = 1201, EventName = "EventHandlerFailed", Level = LogLevel.Error, Message = "A listener failed to record a {Event} event")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string @event);
}
