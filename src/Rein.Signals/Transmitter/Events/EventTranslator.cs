using System.Text.Json;
using Rein.Core.Configuration;
using Rein.Core.Events;
using Rein.Core.Registry;
using Rein.Core.Revocation;
using Rein.Signals.Events;
using Rein.Signals.Transmitter.Subjects;

namespace Rein.Signals.Transmitter.Events;

/// <summary>
/// What Rein says about what it did, as CAEP 1.0 / RISC 1.0 events. Agents are <c>iss_sub</c> subjects under Rein's
/// issuer, users <c>iss_sub</c> under their IdP, agent sessions <c>opaque</c>, tokens <c>jwt_id</c>. Every CAEP event
/// carries <c>event_timestamp</c>, <c>initiating_entity</c> and a non-empty <c>reason_admin</c> (the CAEP
/// interoperability profile requires it for session-revoked and credential-change).
/// </summary>
internal static class EventTranslator
{
    public static IReadOnlyList<EmittedEvent> Translate(ReinEvent reinEvent, string issuer)
    {
        // Note: a change caused by a received SET carries that SET's txn, so every SET about it correlates (RFC 8417 §2.2).
        var txn = reinEvent.Transaction ?? SetWriter.NewJti();
        switch (reinEvent)
        {
            case SecurityEventReceived received:
                return Relay(received, txn);

            case AgentStatusChanged { Status: AgentStatus.Active } enabled:
                return [new EmittedEvent(SecurityEventTypes.AccountEnabled, SubjectIdentifier.IssSub(issuer, enabled.AgentId), txn, "{}")];

            case AgentStatusChanged stopped:
                var agent = SubjectIdentifier.IssSub(issuer, stopped.AgentId);
                var reason = stopped.Reason ?? (stopped.Status == AgentStatus.Quarantined ? "agent quarantined" : "agent suspended");
                return
                [
                    new EmittedEvent(SecurityEventTypes.SessionRevoked, agent, txn, Caep(stopped, reason, static _ => { })),
                    new EmittedEvent(SecurityEventTypes.AccountDisabled, agent, txn, "{}"),
                ];

            case SubjectRevoked revoked:
                return [new EmittedEvent(SecurityEventTypes.SessionRevoked, SubjectOf(revoked.Subject, issuer), txn,
                    Caep(revoked, revoked.Reason ?? $"every token of {SubjectKey.Prefix(revoked.Subject.Kind)} revoked", static _ => { }))];

            case SigningKeyRotated rotated:
                return [new EmittedEvent(SecurityEventTypes.CredentialChange, SubjectIdentifier.Uri(issuer), txn,
                    Caep(rotated, rotated.Reason ?? "signing key rotated", w =>
                    {
                        // Note: CAEP lists no type for a bare signing key; "jwk" is the mutually agreed extension
                        // documented in docs/signals-transmitter.md, and friendly_name carries the new kid.
                        w.WriteString("credential_type"u8, "jwk");
                        w.WriteString("change_type"u8, "create");
                        w.WriteString("friendly_name"u8, rotated.KeyId);
                    }, initiating: "admin"))];

            case AnomalyDetected anomaly:
                return [new EmittedEvent(SecurityEventTypes.RiskLevelChange, SubjectIdentifier.IssSub(issuer, anomaly.AgentId), txn,
                    Caep(anomaly, anomaly.Reason ?? "anomaly found by the gateway", w =>
                    {
                        w.WriteString("principal"u8, "USER");
                        w.WriteString("current_level"u8, anomaly.RiskLevel);
                        if (anomaly.PreviousRiskLevel is { } previous) w.WriteString("previous_level"u8, previous);
                        w.WriteString("risk_reason"u8, RiskReason(anomaly.Kind));
                    }, initiating: "policy"))];

            default:
                return [];
        }
    }

    /// <summary>
    /// A received event, re-issued as Rein's: the same type and event object, <c>sub_id</c> the subject as received
    /// (read by the transmitter's own rules: one it could not take on a stream is not re-sent), and the received
    /// <c>txn</c> (a fresh one when it had none).
    /// </summary>
    private static IReadOnlyList<EmittedEvent> Relay(SecurityEventReceived received, string txn)
    {
        if (EventTypesSupported.IsStreamControl(received.EventType)) return [];
        SubjectIdentifier? subject;
        try
        {
            using var document = JsonDocument.Parse(received.SubjectJson, new JsonDocumentOptions { MaxDepth = 16 });
            if (!SubjectIdentifier.TryRead(document.RootElement, out subject, out _)) return [];
        }
        catch (JsonException)
        {
            return [];
        }
        return [new EmittedEvent(received.EventType, subject!, txn, received.EventJson) { Relayed = true }];
    }

    /// <summary>The <c>sub_id</c> of a revocation subject.</summary>
    public static SubjectIdentifier SubjectOf(SubjectKey subject, string issuer)
    {
        switch (subject.Kind)
        {
            case SubjectKind.User:
                var bar = subject.Id.IndexOf('|', StringComparison.Ordinal);
                return bar > 0 ? SubjectIdentifier.IssSub(subject.Id[..bar], subject.Id[(bar + 1)..]) : SubjectIdentifier.Opaque(subject.Id);
            case SubjectKind.Session:
                return SubjectIdentifier.Opaque(subject.Id);
            case SubjectKind.Token:
                return SubjectIdentifier.JwtId(issuer, subject.Id);
            default:
                // Agents and clients: an agent's client id is its id, and every client is a principal of this issuer.
                return SubjectIdentifier.IssSub(issuer, subject.Id);
        }
    }

    private static string RiskReason(AnomalyKind kind) => kind switch
    {
        AnomalyKind.Burst => "CALL_BURST",
        AnomalyKind.Denials => "REPEATED_DENIALS",
        AnomalyKind.TokenReuse => "TOKEN_USED_WITH_FOREIGN_KEY",
        AnomalyKind.NewAddress => "TOKEN_USED_FROM_NEW_ADDRESS",
        _ => "ANOMALY",
    };

    private static string Caep(ReinEvent reinEvent, string reason, Action<Utf8JsonWriter> members, string? initiating = null) =>
        SetWriter.EventJson(w =>
        {
            members(w);
            w.WriteNumber("event_timestamp"u8, reinEvent.Time.ToUnixTimeSeconds());
            w.WriteString("initiating_entity"u8, initiating ?? (reinEvent.Actor is null ? "system" : "admin"));
            w.WritePropertyName("reason_admin"u8);
            w.WriteStartObject();
            w.WriteString("en"u8, reason.Length > 512 ? reason[..512] : reason);
            w.WriteEndObject();
        });
}
