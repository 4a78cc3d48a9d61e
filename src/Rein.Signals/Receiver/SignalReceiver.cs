using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Rein.Core.Audit;
using Rein.Core.Configuration;
using Rein.Core.Events;
using Rein.Core.Hosting;
using Rein.Core.Revocation;
using Rein.Core.Storage;
using Rein.Core.Trust;
using Rein.Jose;
using Rein.Signals.Events;

namespace Rein.Signals.Receiver;

/// <summary>
/// Everything a delivered SET goes through, whether it was pushed (RFC 8935) or polled (RFC 8936): validation,
/// <c>jti</c> deduplication in the store, stream control events (SSF 1.0 §8.1.4, §8.1.5), then the event's action
/// on the revocation index, the audit record, the time-to-contain measurement and, where configured, re-transmission.
/// </summary>
internal sealed partial class SignalReceiver
{
    private readonly FrozenDictionary<string, Transmitter> _transmitters;
    private readonly TrustedKeySource _keys;
    private readonly TransmitterMetadataClient _metadata;
    private readonly ReceiptStore _receipts;
    private readonly StreamStateStore _streams;
    private readonly SubjectResolver _subjects;
    private readonly EventEffects _effects;
    private readonly AuditLog _audit;
    private readonly TimeToContain _timeToContain;
    private readonly TimeProvider _time;
    private readonly ILogger<SignalReceiver> _logger;
    private readonly IDbContextFactory<ReinDbContext> _dbFactory;
    private readonly IssuerIdentity _issuer;
    private readonly ReinEventHub? _events;
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);

    public SignalReceiver(ReinCoreOptions options, TrustedKeySource keys, TransmitterMetadataClient metadata, ReceiptStore receipts,
        StreamStateStore streams, SubjectResolver subjects, EventEffects effects, AuditLog audit, TimeToContain timeToContain,
        TimeProvider time, ILogger<SignalReceiver> logger, IDbContextFactory<ReinDbContext> dbFactory, IssuerIdentity issuer,
        ReinEventHub? events = null)
    {
        _dbFactory = dbFactory;
        _issuer = issuer;
        _events = events;
        _transmitters = options.Config.Signals.Transmitters.ToFrozenDictionary(t => t.Id, t => new Transmitter(t), StringComparer.Ordinal);
        _keys = keys;
        _metadata = metadata;
        _receipts = receipts;
        _streams = streams;
        _subjects = subjects;
        _effects = effects;
        _audit = audit;
        _timeToContain = timeToContain;
        _time = time;
        _logger = logger;
    }

    internal IEnumerable<Transmitter> Transmitters => _transmitters.Values;

    internal Transmitter? Find(string id) => _transmitters.GetValueOrDefault(id);

    /// <summary>Whether <paramref name="authorization"/> is the push credential of a transmitter other than <paramref name="id"/>.</summary>
    internal bool IsOtherTransmittersCredential(string id, byte[] authorization)
    {
        var found = false;
        foreach (var transmitter in _transmitters.Values)
        {
            // Note: every comparison runs, in constant time, so timing tells nothing about which credential matched.
            if (transmitter.PushAuthorization is { } expected && CryptographicOperations.FixedTimeEquals(expected, authorization))
            {
                found |= transmitter.Id != id;
            }
        }
        return found;
    }

    /// <summary>
    /// Processes one SET delivered by <paramref name="transmitterId"/>; <paramref name="receivedTimestamp"/> is a
    /// <see cref="System.Diagnostics.Stopwatch"/> timestamp of its arrival. Throws when the store could not be written:
    /// the SET is then neither acknowledged nor refused, and its transmitter delivers it again.
    /// </summary>
    /// <remarks>
    /// The order, and why (docs/signals-receiver.md): validate; a SET already received is acknowledged with no second
    /// effect; a containing event (revoke, suspend, restrict) is applied to this instance's index at once; then the
    /// receipt, the revocation entries and every other row the event writes are committed in one transaction; then the
    /// entries are published on the bus (every other gateway: store first, then bus), the SET acknowledged, and, when
    /// the transmitter's events are re-transmitted, handed to Rein's transmitter. Lifting access (account-enabled, a
    /// restriction lifted) is never applied before its commit.
    /// </remarks>
    public async Task<ReceiveOutcome> ReceiveAsync(string transmitterId, string compactSet, long receivedTimestamp, string delivery, CancellationToken cancellationToken)
    {
        var transmitter = Find(transmitterId) ?? throw new ArgumentException("Unknown transmitter.", nameof(transmitterId));
        var receivedAt = _time.GetUtcNow();
        var validation = await ValidateAsync(transmitter, compactSet, receivedAt, cancellationToken).ConfigureAwait(false);
        if (validation.Set is not { } set)
        {
            Refused(transmitter, validation.Error!, validation.Description!);
            return ReceiveOutcome.Refused(validation.Error!, validation.Description!);
        }

        // Note: two deliveries of one SET in this process take turns, so the second finds the first's receipt (or its
        // failure) instead of applying the event a second time. Across instances the receipt's primary key decides.
        var key = transmitter.Id + "\n" + set.JwtId;
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        while (!_inFlight.TryAdd(key, mine.Task))
        {
            if (_inFlight.TryGetValue(key, out var other)) await other.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        try
        {
            return await ProcessAsync(transmitter, set, receivedAt, receivedTimestamp, delivery, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
            mine.TrySetResult();
        }
    }

    private async Task<ReceiveOutcome> ProcessAsync(Transmitter transmitter, ReceivedSet set, DateTimeOffset receivedAt, long receivedTimestamp, string delivery, CancellationToken cancellationToken)
    {
        var receipt = await _receipts.CheckAsync(transmitter.Id, set.JwtId, cancellationToken).ConfigureAwait(false);
        if (receipt == ReceiptStore.Status.Received) return Duplicate(transmitter, set);

        var verified = false;
        if (set.EventType == SecurityEventTypes.Verification)
        {
            var verification = await CheckVerificationAsync(transmitter, set, cancellationToken).ConfigureAwait(false);
            if (verification.Error is { } error)
            {
                Refused(transmitter, error.Error, error.Description);
                return ReceiveOutcome.Refused(error.Error, error.Description);
            }
            verified = verification.Requested;
        }

        var plan = set.EventType is SecurityEventTypes.Verification or SecurityEventTypes.StreamUpdated
            ? null
            : _effects.Decide(transmitter, set, _subjects.Resolve(set.Subject), receivedAt);

        // Tightening first, in memory: this instance refuses the subject's tokens before the commit below is durable.
        double? containedMs = plan is not null && _effects.TightenLocally(plan) ? Stopwatch.GetElapsedTime(receivedTimestamp).TotalMilliseconds : null;

        IReadOnlyList<StagedRevocation> staged = [];
        string? summary = null;
        await using (var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            _receipts.Stage(db, transmitter.Id, set.JwtId, set.EventType, receipt);
            switch (set.EventType)
            {
                case SecurityEventTypes.Verification:
                    if (verified)
                    {
                        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
                        await _streams.StageAsync(db, transmitter.Id, row =>
                        {
                            row.PendingVerificationState = null;
                            row.VerifiedAt = now;
                        }, cancellationToken).ConfigureAwait(false);
                    }
                    summary = "stream verified";
                    break;
                case SecurityEventTypes.StreamUpdated:
                    var status = set.Event.GetProperty("status").GetString()!;
                    var reason = set.Event.TryGetProperty("reason", out var r) ? r.GetString() : null;
                    await _streams.StageAsync(db, transmitter.Id, row =>
                    {
                        row.Status = status;
                        row.StatusReason = reason is { Length: > 512 } ? reason[..512] : reason;
                    }, cancellationToken).ConfigureAwait(false);
                    summary = "stream status " + status;
                    break;
                default:
                    staged = await _effects.StageAsync(db, plan!, cancellationToken).ConfigureAwait(false);
                    break;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException ex)
            {
                // Another instance committed the same SET first: its effects are stored; this one's are not.
                if (await _receipts.CheckAsync(transmitter.Id, set.JwtId, CancellationToken.None).ConfigureAwait(false) == ReceiptStore.Status.Received)
                {
                    return Duplicate(transmitter, set);
                }
                LogNotStored(_logger, ex, transmitter.Id, EventActionTable.ShortName(set.EventType));
                throw;
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                LogNotStored(_logger, ex, transmitter.Id, EventActionTable.ShortName(set.EventType));
                throw;
            }
        }

        // Durable. What follows must happen even if the delivery was abandoned meanwhile: no cancellation from here.
        // One txn for everything Rein sends about this SET: its own, or a fresh one when it had none.
        var correlation = Correlation(set) ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        if (set.EventType == SecurityEventTypes.StreamUpdated) LogStreamUpdated(_logger, transmitter.Id, summary!["stream status ".Length..]);
        if (plan is not null)
        {
            summary = await _effects.CompleteAsync(transmitter, plan, staged, correlation, CancellationToken.None).ConfigureAwait(false);
            if (plan.Contains)
            {
                var elapsed = containedMs ?? Stopwatch.GetElapsedTime(receivedTimestamp).TotalMilliseconds;
                _timeToContain.Record(elapsed, transmitter.Id, set.EventType, delivery);
                LogContained(_logger, EventActionTable.ShortName(set.EventType), transmitter.Id, elapsed);
                summary = $"{summary} (contained in {elapsed.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} ms)";
            }
        }
        Record(transmitter, set, "applied", summary!);
        await RetransmitAsync(transmitter, set, correlation).ConfigureAwait(false);
        return ReceiveOutcome.Applied;
    }

    private ReceiveOutcome Duplicate(Transmitter transmitter, ReceivedSet set)
    {
        Record(transmitter, set, "duplicate", "already received; acknowledged without a second effect");
        return ReceiveOutcome.AlreadyReceived;
    }

    /// <summary>
    /// Hands a stored SET to Rein's transmitter when its transmitter's events are re-transmitted (yaml
    /// <c>retransmit</c>). Never stream-control events (they are about Rein's stream at that transmitter), and never
    /// from a transmitter that is Rein itself. Rein's transmitter skips events whose <c>txn</c> it sent itself — which
    /// includes its own announcement of the same change (an agent suspended by this event carries its <c>txn</c>).
    /// </summary>
    private async Task RetransmitAsync(Transmitter transmitter, ReceivedSet set, string correlation)
    {
        if (!transmitter.Config.Retransmit || _events is not { HasSubscribers: true }) return;
        if (set.EventType is SecurityEventTypes.Verification or SecurityEventTypes.StreamUpdated) return;
        if (_issuer.IsSet && string.Equals(transmitter.Config.Issuer.TrimEnd('/'), _issuer.Issuer, StringComparison.Ordinal)) return;
        await _events.PublishAsync(new SecurityEventReceived
        {
            Transmitter = transmitter.Id,
            EventType = set.EventType,
            EventJson = set.Event.GetRawText(),
            SubjectJson = set.SubjectJson,
            Transaction = correlation,
            Time = _time.GetUtcNow(),
            Reason = $"{EventActionTable.ShortName(set.EventType)} from transmitter {transmitter.Id}",
        }, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The received <c>txn</c>, when it is one Rein can carry on (printable, at most 256 characters).</summary>
    private static string? Correlation(ReceivedSet set) =>
        set.Transaction is { Length: > 0 and <= 256 } txn && txn.All(c => c is > ' ' and < (char)127) ? txn : null;

    private async Task<SetValidation> ValidateAsync(Transmitter transmitter, string compactSet, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (transmitter.NeedsDiscovery && transmitter.TryStartDiscovery(now.ToUnixTimeMilliseconds(), TrustedKeySource.MinRefreshInterval))
        {
            var metadata = await _metadata.FetchAsync(transmitter.Config.Issuer, cancellationToken).ConfigureAwait(false);
            if (metadata?.JwksUri is { } jwksUri) transmitter.UseDiscoveredKeys(jwksUri);
        }

        if (transmitter.RemoteKeys is { } remote && _keys.CurrentKeys(remote) is null)
        {
            await _keys.RefreshAsync(remote, unknownKid: false, cancellationToken).ConfigureAwait(false);
        }

        var validation = SetValidator.Validate(transmitter, compactSet, Resolver(transmitter), now);
        if (validation.Error == SetErrorCodes.InvalidKey && transmitter.RemoteKeys is { } keys &&
            await _keys.RefreshAsync(keys, unknownKid: true, cancellationToken).ConfigureAwait(false))
        {
            // Note: the transmitter may have rotated; the refresh is rate-limited per issuer by the key source.
            validation = SetValidator.Validate(transmitter, compactSet, Resolver(transmitter), now);
        }
        return validation;
    }

    private KeyResolver Resolver(Transmitter transmitter)
    {
        var set = transmitter.InlineKeys ?? (transmitter.RemoteKeys is { } remote ? _keys.CurrentKeys(remote) : null);
        return set is null ? static (_, _) => null : set.Resolve;
    }

    /// <summary>
    /// SSF 1.0 §8.1.4.1: a verification event's <c>state</c> must be the one Rein asked for, and its subject Rein's
    /// stream. <c>Requested</c>: it answers Rein's request (the pending state is cleared with the receipt's commit).
    /// </summary>
    private async Task<((string Error, string Description)? Error, bool Requested)> CheckVerificationAsync(Transmitter transmitter, ReceivedSet set, CancellationToken cancellationToken)
    {
        var stream = await _streams.GetAsync(transmitter.Id, cancellationToken).ConfigureAwait(false);
        if (stream?.StreamId is { } known && !(set.Subject is Subjects.OpaqueSubject opaque && opaque.Id == known))
        {
            return ((SetErrorCodes.InvalidRequest, "the verification event's sub_id is not this receiver's stream"), false);
        }

        if (!set.Event.TryGetProperty("state", out var stateElement))
        {
            return (null, false); // Transmitter-initiated: it carries no state (SSF 1.0 §8.1.4.2).
        }

        var state = stateElement.GetString()!;
        var pending = stream?.PendingVerificationState;
        if (pending is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(pending), Encoding.UTF8.GetBytes(state)))
        {
            return ((SetErrorCodes.InvalidState, "the verification event's state does not match a verification this receiver requested"), false);
        }
        return (null, true);
    }

    private void Refused(Transmitter transmitter, string error, string description)
    {
        LogRefused(_logger, transmitter.Id, error, description);
        _audit.Write(new AuditEvent
        {
            Kind = AuditKinds.SignalReceived,
            Time = _time.GetUtcNow(),
            Actor = "ssf:" + transmitter.Id,
            Decision = "refused",
            Reason = error + ": " + description,
        });
    }

    private void Record(Transmitter transmitter, ReceivedSet set, string decision, string summary)
    {
        var subject = set.Subject.Format;
        _audit.Write(new AuditEvent
        {
            Kind = AuditKinds.SignalReceived,
            Time = _time.GetUtcNow(),
            Actor = "ssf:" + transmitter.Id,
            Decision = decision,
            Action = EventActionTable.ShortName(set.EventType),
            Reason = $"jti {Truncate(set.JwtId)}, {subject} subject: {Truncate(summary)}",
            TraceId = set.Transaction is { Length: <= 128 } txn ? txn : null,
        });
    }

    private static string Truncate(string text) => text.Length > 400 ? text[..400] : text;

    [LoggerMessage(EventId = 5101, EventName = "SetRefused", Level = LogLevel.Warning, Message = "Refused a SET from transmitter {Transmitter}: {Error} ({Description})")]
    private static partial void LogRefused(ILogger logger, string transmitter, string error, string description);

    [LoggerMessage(EventId = 5102, EventName = "SignalContained", Level = LogLevel.Information, Message = "Applied {Event} from transmitter {Transmitter}; time to contain {Milliseconds} ms")]
    private static partial void LogContained(ILogger logger, string @event, string transmitter, double milliseconds);

    [LoggerMessage(EventId = 5113, EventName = "SetNotStored", Level = LogLevel.Error, Message = "A {Event} SET from transmitter {Transmitter} could not be stored; it is not acknowledged and will be delivered again")]
    private static partial void LogNotStored(ILogger logger, Exception exception, string transmitter, string @event);

    [LoggerMessage(EventId = 5103, EventName = "StreamUpdated", Level = LogLevel.Information, Message = "Transmitter {Transmitter} set Rein's stream to {Status}")]
    private static partial void LogStreamUpdated(ILogger logger, string transmitter, string status);
}
