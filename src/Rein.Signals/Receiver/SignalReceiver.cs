using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Rein.Core.Audit;
using Rein.Core.Configuration;
using Rein.Core.Hosting;
using Rein.Core.Trust;
using Rein.Jose;
using Rein.Signals.Events;

namespace Rein.Signals.Receiver;

/// <summary>
/// Everything a delivered SET goes through, whether it was pushed (RFC 8935) or polled (RFC 8936): validation,
/// <c>jti</c> deduplication in the store, stream control events (SSF 1.0 §8.1.4, §8.1.5), then the event's action
/// on the revocation index, the audit record and the time-to-contain measurement.
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

    public SignalReceiver(ReinCoreOptions options, TrustedKeySource keys, TransmitterMetadataClient metadata, ReceiptStore receipts,
        StreamStateStore streams, SubjectResolver subjects, EventEffects effects, AuditLog audit, TimeToContain timeToContain,
        TimeProvider time, ILogger<SignalReceiver> logger)
    {
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

    /// <summary>Processes one SET delivered by <paramref name="transmitterId"/>; <paramref name="receivedTimestamp"/> is a <see cref="System.Diagnostics.Stopwatch"/> timestamp of its arrival.</summary>
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

        if (set.EventType == SecurityEventTypes.Verification)
        {
            var verificationError = await CheckVerificationAsync(transmitter, set, cancellationToken).ConfigureAwait(false);
            if (verificationError is not null)
            {
                Refused(transmitter, verificationError.Value.Error, verificationError.Value.Description);
                return ReceiveOutcome.Refused(verificationError.Value.Error, verificationError.Value.Description);
            }
        }

        if (!await _receipts.TryClaimAsync(transmitter.Id, set.JwtId, set.EventType, cancellationToken).ConfigureAwait(false))
        {
            Record(transmitter, set, "duplicate", "already received; acknowledged without a second effect");
            return ReceiveOutcome.AlreadyReceived;
        }

        try
        {
            var summary = await ApplyAsync(transmitter, set, receivedAt, receivedTimestamp, delivery, cancellationToken).ConfigureAwait(false);
            await _receipts.MarkAppliedAsync(transmitter.Id, set.JwtId, cancellationToken).ConfigureAwait(false);
            Record(transmitter, set, "applied", summary);
            return ReceiveOutcome.Applied;
        }
        catch
        {
            await _receipts.ReleaseAsync(transmitter.Id, set.JwtId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<string> ApplyAsync(Transmitter transmitter, ReceivedSet set, DateTimeOffset receivedAt, long receivedTimestamp, string delivery, CancellationToken cancellationToken)
    {
        switch (set.EventType)
        {
            case SecurityEventTypes.Verification:
                return "stream verified";
            case SecurityEventTypes.StreamUpdated:
                var status = set.Event.GetProperty("status").GetString()!;
                var reason = set.Event.TryGetProperty("reason", out var r) ? r.GetString() : null;
                await _streams.UpdateAsync(transmitter.Id, row =>
                {
                    row.Status = status;
                    row.StatusReason = reason is { Length: > 512 } ? reason[..512] : reason;
                }, cancellationToken).ConfigureAwait(false);
                LogStreamUpdated(_logger, transmitter.Id, status);
                return "stream status " + status;
        }

        var keys = _subjects.Resolve(set.Subject);
        var outcome = await _effects.ApplyAsync(transmitter, set, keys, receivedAt, cancellationToken).ConfigureAwait(false);
        if (outcome.Contained)
        {
            var elapsed = _timeToContain.Record(receivedTimestamp, transmitter.Id, set.EventType, delivery);
            LogContained(_logger, EventActionTable.ShortName(set.EventType), transmitter.Id, elapsed);
            return $"{outcome.Summary} (contained in {elapsed.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} ms)";
        }
        return outcome.Summary;
    }

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

    /// <summary>SSF 1.0 §8.1.4.1: a verification event's <c>state</c> must be the one Rein asked for, and its subject Rein's stream.</summary>
    private async Task<(string Error, string Description)?> CheckVerificationAsync(Transmitter transmitter, ReceivedSet set, CancellationToken cancellationToken)
    {
        var stream = await _streams.GetAsync(transmitter.Id, cancellationToken).ConfigureAwait(false);
        if (stream?.StreamId is { } known && !(set.Subject is Subjects.OpaqueSubject opaque && opaque.Id == known))
        {
            return (SetErrorCodes.InvalidRequest, "the verification event's sub_id is not this receiver's stream");
        }

        if (!set.Event.TryGetProperty("state", out var stateElement))
        {
            return null; // Transmitter-initiated: it carries no state (SSF 1.0 §8.1.4.2).
        }

        var state = stateElement.GetString()!;
        var pending = stream?.PendingVerificationState;
        if (pending is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(pending), Encoding.UTF8.GetBytes(state)))
        {
            return (SetErrorCodes.InvalidState, "the verification event's state does not match a verification this receiver requested");
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await _streams.UpdateAsync(transmitter.Id, row =>
        {
            row.PendingVerificationState = null;
            row.VerifiedAt = now;
        }, cancellationToken).ConfigureAwait(false);
        return null;
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

    [LoggerMessage(EventId = 5103, EventName = "StreamUpdated", Level = LogLevel.Information, Message = "Transmitter {Transmitter} set Rein's stream to {Status}")]
    private static partial void LogStreamUpdated(ILogger logger, string transmitter, string status);
}
