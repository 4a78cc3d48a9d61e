using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rein.Core.Audit;
using Rein.Core.Configuration;
using Rein.Core.Events;
using Rein.Core.Registry;

namespace Rein.Gateway.Anomalies;

/// <summary>
/// Handles findings off the request path: an audit record for each, a <see cref="AnomalyDetected"/> event (which the
/// SSF transmitter sends as CAEP <c>risk-level-change</c>), and — when <c>signals.anomalies.quarantine</c> names the
/// kind — the kill switch for the agent. Also sweeps the detector's expired token entries.
/// </summary>
internal sealed partial class AnomalyReporter(
    ReinRegistry registry,
    AuditLog audit,
    ReinEventHub events,
    AgentControl agents,
    TimeProvider time,
    ILogger<AnomalyReporter> logger) : BackgroundService
{
    private const int QueueCapacity = 4096;
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    // Note: in DropWrite mode TryWrite reports success even when the finding is dropped; only the callback sees it.
    private readonly Channel<AnomalyFinding> _queue = Channel.CreateBounded<AnomalyFinding>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite },
        finding => LogDropped(logger, finding.AgentId));
    private readonly ConcurrentDictionary<string, string> _riskLevels = new(StringComparer.Ordinal);

    /// <summary>Set by the detector's owner so the sweep reaches it without a construction cycle.</summary>
    internal Func<int>? Sweep { get; set; }

    public void Enqueue(AnomalyFinding finding)
    {
        if (!_queue.Writer.TryWrite(finding)) LogDropped(logger, finding.AgentId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var sweep = new PeriodicTimer(SweepInterval, time);
        var sweeping = SweepLoopAsync(sweep, stoppingToken);
        try
        {
            await foreach (var finding in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await HandleAsync(finding, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        await sweeping.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task HandleAsync(AnomalyFinding finding, CancellationToken cancellationToken)
    {
        var config = registry.Current.Config.Signals.Anomalies;
        var quarantine = config.Quarantine.Contains(finding.Kind);
        var level = finding.Kind == AnomalyKind.TokenReuse || quarantine ? "HIGH" : "MEDIUM";
        var previous = _riskLevels.TryGetValue(finding.AgentId, out var known) ? known : null;
        _riskLevels[finding.AgentId] = level;
        var kind = AnomalyKinds.Name(finding.Kind);
        LogFinding(logger, kind, finding.AgentId, finding.Detail);
        audit.Write(new AuditEvent
        {
            Kind = AuditKinds.Anomaly, Time = finding.Time, Agent = finding.AgentId, Action = kind,
            Decision = quarantine ? "quarantine" : "report", Reason = finding.Detail, TokenId = finding.TokenId, SessionId = finding.SessionId,
        });
        try
        {
            await events.PublishAsync(new AnomalyDetected
            {
                AgentId = finding.AgentId, Kind = finding.Kind, RiskLevel = level, PreviousRiskLevel = previous,
                TokenId = finding.TokenId, SessionId = finding.SessionId, Reason = $"{kind}: {finding.Detail}", Time = finding.Time,
            }, cancellationToken).ConfigureAwait(false);
            if (quarantine)
            {
                await agents.SuspendAsync(finding.AgentId, AgentStatus.Quarantined, $"quarantined automatically: {kind}: {finding.Detail}", actor: null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            // Note: the finding is audited whatever happens; a store outage must not stop the detector.
            LogActionFailed(logger, ex, finding.AgentId);
        }
    }

    private async Task SweepLoopAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false)) Sweep?.Invoke();
    }

    [LoggerMessage(EventId = 3101, EventName = "AnomalyFound", Level = LogLevel.Warning, Message = "Anomaly {Kind} for agent {Agent}: {Detail}")]
    private static partial void LogFinding(ILogger logger, string kind, string agent, string detail);

    [LoggerMessage(EventId = 3102, EventName = "AnomalyDropped", Level = LogLevel.Warning, Message = "Anomaly queue full; a finding for agent {Agent} was dropped")]
    private static partial void LogDropped(ILogger logger, string agent);

    [LoggerMessage(EventId = 3103, EventName = "AnomalyActionFailed", Level = LogLevel.Error, Message = "Could not announce or act on an anomaly for agent {Agent}")]
    private static partial void LogActionFailed(ILogger logger, Exception exception, string agent);
}
