using System.Text.Json;
using Rein.Signals.Events;

namespace Rein.Signals.Receiver;

/// <summary>
/// The members CAEP 1.0, RISC 1.0 and SSF 1.0 require of the events Rein acts on, with their types. A payload that
/// breaks them "does not conform to the event's definition" (RFC 8935 §2.4: <c>invalid_request</c>). Members an
/// event type does not define are ignored (SSF 1.0 §4.2.3).
/// </summary>
internal static class EventPayloadRules
{
    /// <summary>Null when the event conforms; otherwise a fixed description of the first broken rule.</summary>
    public static string? Check(string eventType, JsonElement payload)
    {
        if (payload.TryGetProperty("event_timestamp", out var timestamp) && !IsNumericDate(timestamp))
        {
            return "event_timestamp is not a NumericDate";
        }

        if (payload.TryGetProperty("initiating_entity", out var initiator) &&
            !(initiator.ValueKind == JsonValueKind.String && initiator.GetString() is "admin" or "user" or "policy" or "system"))
        {
            return "initiating_entity is not admin, user, policy or system";
        }

        return eventType switch
        {
            SecurityEventTypes.TokenClaimsChange => Object(payload, "claims"),
            SecurityEventTypes.CredentialChange => String(payload, "credential_type") ??
                OneOf(payload, "change_type", "create", "revoke", "update", "delete"),
            SecurityEventTypes.AssuranceLevelChange => String(payload, "namespace") ?? String(payload, "current_level") ??
                OptionalOneOf(payload, "change_direction", "increase", "decrease"),
            SecurityEventTypes.DeviceComplianceChange => OneOf(payload, "previous_status", "compliant", "not-compliant") ??
                OneOf(payload, "current_status", "compliant", "not-compliant"),
            SecurityEventTypes.RiskLevelChange => String(payload, "current_level") ?? String(payload, "principal"),
            SecurityEventTypes.CredentialCompromise => String(payload, "credential_type"),
            SecurityEventTypes.StreamUpdated => OneOf(payload, "status", "enabled", "paused", "disabled") ?? OptionalString(payload, "reason"),
            SecurityEventTypes.Verification => OptionalString(payload, "state"),
            _ => null,
        };
    }

    private static bool IsNumericDate(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) && seconds >= 0 && seconds < 253402300800;

    private static string? String(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length is > 0 and <= 1024
            ? null
            : $"the event lacks the string member '{name}'";

    private static string? OptionalString(JsonElement payload, string name) =>
        !payload.TryGetProperty(name, out var value) || (value.ValueKind == JsonValueKind.String && value.GetString()!.Length <= 1024)
            ? null
            : $"the event member '{name}' is not a string";

    private static string? Object(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? null
            : $"the event lacks the object member '{name}'";

    private static string? OneOf(JsonElement payload, string name, params string[] values) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && values.Contains(value.GetString(), StringComparer.Ordinal)
            ? null
            : $"the event member '{name}' is missing or not one of {string.Join(", ", values)}";

    private static string? OptionalOneOf(JsonElement payload, string name, params string[] values) =>
        payload.TryGetProperty(name, out _) ? OneOf(payload, name, values) : null;
}
