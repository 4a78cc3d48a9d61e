using System.Text.Json;
using Rein.Jose;
using Rein.Signals.Subjects;

namespace Rein.Signals.Receiver;

/// <summary>
/// Validates a Security Event Token from one transmitter per RFC 8417 §2 and SSF 1.0 §4.1: size first, then the JWS
/// (typ <c>secevent+jwt</c>, an allowed algorithm, a key of that transmitter), then the claims: <c>iss</c> exactly the
/// transmitter's, <c>aud</c> Rein's, <c>iat</c> and <c>jti</c> present, no <c>sub</c>, no <c>exp</c>, exactly one event,
/// and a subject (<c>sub_id</c>, or <c>events.*.subject</c> from a pre-final transmitter). Errors carry the RFC 8935 code.
/// </summary>
internal static class SetValidator
{
    /// <summary>The skew allowed on <c>iat</c>: a SET from the future is refused.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static SetValidation Validate(Transmitter transmitter, string compact, KeyResolver resolver, DateTimeOffset now)
    {
        if (compact.Length > Transmitter.MaxSetLength)
        {
            return SetValidation.Invalid(SetErrorCodes.InvalidRequest, "the SET exceeds the maximum size");
        }

        var read = JwsReader.Read(compact, transmitter.ReadOptions, resolver);
        if (!read.IsValid)
        {
            return read.Error switch
            {
                JoseError.UnknownKey => SetValidation.Invalid(SetErrorCodes.InvalidKey, "no key of the transmitter matches the SET's kid"),
                JoseError.InvalidSignature => SetValidation.Invalid(SetErrorCodes.InvalidKey, "the SET's signature does not verify with the transmitter's key"),
                JoseError.InvalidKey => SetValidation.Invalid(SetErrorCodes.InvalidKey, "the transmitter's key does not fit the SET's algorithm"),
                JoseError.UnsupportedAlgorithm => SetValidation.Invalid(SetErrorCodes.InvalidKey, "the SET's signature algorithm is not accepted"),
                JoseError.InvalidType => SetValidation.Invalid(SetErrorCodes.InvalidRequest, "the SET's typ is not secevent+jwt"),
                JoseError.TooLarge => SetValidation.Invalid(SetErrorCodes.InvalidRequest, "the SET exceeds the maximum size"),
                JoseError.UnsupportedCriticalHeader => SetValidation.Invalid(SetErrorCodes.InvalidRequest, "the SET has critical header extensions"),
                _ => SetValidation.Invalid(SetErrorCodes.InvalidRequest, "the request body is not a signed SET (" + read.ErrorDescription + ")"),
            };
        }

        try
        {
            return ValidateClaims(transmitter, read.Payload, now);
        }
        catch (InvalidOperationException)
        {
            return SetValidation.Invalid(SetErrorCodes.InvalidRequest, "the SET's claims are not valid JSON text");
        }
    }

    private static SetValidation ValidateClaims(Transmitter transmitter, JsonElement payload, DateTimeOffset now)
    {
        if (payload.TryGetProperty("sub", out _))
        {
            // Note: SSF 1.0 §4.1.2 — sub is forbidden so a SET can never pass for an ID token or access token.
            return SetValidation.Invalid(SetErrorCodes.InvalidRequest, "the SET must not have a sub claim");
        }

        if (payload.TryGetProperty("exp", out _))
        {
            return SetValidation.Invalid(SetErrorCodes.InvalidRequest, "the SET must not have an exp claim");
        }

        var rules = new JwtClaimRules { RequireExpiration = false, RequireIssuedAt = true, RequireJwtId = true, ClockSkew = ClockSkew };
        var check = JwtClaimValidator.Validate(payload, rules, now);
        if (!check.IsValid)
        {
            return SetValidation.Invalid(SetErrorCodes.InvalidRequest, check.Error switch
            {
                "token issued in the future" => "the SET's iat is in the future",
                "token has no issued-at time" => "the SET has no iat",
                "token has no jti" => "the SET has no jti",
                _ => "the SET's registered claims are malformed",
            });
        }

        if (!string.Equals(check.Issuer, transmitter.Config.Issuer, StringComparison.Ordinal))
        {
            return SetValidation.Invalid(SetErrorCodes.InvalidIssuer, "the SET's iss is not this transmitter's issuer");
        }

        var audience = JwtClaimValidator.Validate(payload, new JwtClaimRules { RequireExpiration = false, Audiences = [transmitter.Config.Audience] }, now);
        if (!audience.IsValid)
        {
            return SetValidation.Invalid(SetErrorCodes.InvalidAudience, "the SET's aud does not name this receiver");
        }

        if (check.JwtId!.Length > 256)
        {
            return SetValidation.Invalid(SetErrorCodes.InvalidRequest, "the SET's jti is too long");
        }

        if (!payload.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Object)
        {
            return SetValidation.Invalid(SetErrorCodes.InvalidRequest, "the SET has no events object");
        }

        string? eventType = null;
        JsonElement eventPayload = default;
        foreach (var member in events.EnumerateObject())
        {
            if (eventType is not null)
            {
                // Note: SSF 1.0 §4.2.1 — one event per SET; several URIs only as aliases of one event type, and Rein
                // knows of none, so a second member is a second event.
                return SetValidation.Invalid(SetErrorCodes.InvalidRequest, "the SET must carry exactly one event");
            }
            eventType = member.Name;
            eventPayload = member.Value;
        }

        if (eventType is null)
        {
            return SetValidation.Invalid(SetErrorCodes.InvalidRequest, "the SET must carry exactly one event");
        }

        if (eventPayload.ValueKind != JsonValueKind.Object || eventType.Length > 512)
        {
            return SetValidation.Invalid(SetErrorCodes.InvalidRequest, "the event is not a JSON object");
        }

        if (EventPayloadRules.Check(eventType, eventPayload) is { } payloadError)
        {
            return SetValidation.Invalid(SetErrorCodes.InvalidRequest, payloadError);
        }

        SubjectIdentifier? subject;
        string? subjectError;
        JsonElement subjectElement;
        if (payload.TryGetProperty("sub_id", out var subId))
        {
            subjectElement = subId;
            SubjectIdentifierReader.TryRead(subId, out subject, out subjectError);
        }
        else if (eventPayload.TryGetProperty("subject", out var legacy))
        {
            // Note: SSF 1.0 §3.1.1 — CAEP/RISC events from before sub_id carry the subject inside the event.
            subjectElement = legacy;
            SubjectIdentifierReader.TryRead(legacy, out subject, out subjectError);
        }
        else
        {
            return SetValidation.Invalid(SetErrorCodes.InvalidRequest, "the SET has no sub_id and its event no subject");
        }

        if (subject is null)
        {
            return SetValidation.Invalid(SetErrorCodes.InvalidRequest, "the SET's subject is invalid: " + subjectError);
        }

        string? txn = null;
        if (payload.TryGetProperty("txn", out var txnElement))
        {
            if (txnElement.ValueKind != JsonValueKind.String) return SetValidation.Invalid(SetErrorCodes.InvalidRequest, "the SET's txn is not a string");
            txn = txnElement.GetString();
        }

        DateTimeOffset? eventTime = null;
        if (eventPayload.TryGetProperty("event_timestamp", out var ts))
        {
            eventTime = DateTimeOffset.FromUnixTimeMilliseconds((long)(ts.GetDouble() * 1000));
        }

        return SetValidation.Valid(new ReceivedSet
        {
            Transmitter = transmitter.Id,
            Issuer = check.Issuer!,
            JwtId = check.JwtId!,
            IssuedAt = check.IssuedAt!.Value,
            Transaction = txn,
            EventType = eventType,
            Event = eventPayload,
            Subject = subject,
            SubjectJson = subjectElement.GetRawText(),
            EventTime = eventTime,
        });
    }
}
