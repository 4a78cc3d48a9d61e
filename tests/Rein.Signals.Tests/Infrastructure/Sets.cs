namespace Rein.Signals.Tests.Infrastructure;

/// <summary>SET payloads for tests, built as JSON text with fresh jtis.</summary>
internal static class Sets
{
    public const string SessionRevoked = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";
    public const string AccountDisabled = "https://schemas.openid.net/secevent/risc/event-type/account-disabled";
    public const string AccountEnabled = "https://schemas.openid.net/secevent/risc/event-type/account-enabled";
    public const string AssuranceLevelChange = "https://schemas.openid.net/secevent/caep/event-type/assurance-level-change";
    public const string DeviceComplianceChange = "https://schemas.openid.net/secevent/caep/event-type/device-compliance-change";
    public const string RiskLevelChange = "https://schemas.openid.net/secevent/caep/event-type/risk-level-change";
    public const string CredentialChange = "https://schemas.openid.net/secevent/caep/event-type/credential-change";

    public static string NewJti() => Guid.NewGuid().ToString("N");

    public static string Opaque(string id) => $$"""{"format":"opaque","id":"{{id}}"}""";

    public static string IssSub(string iss, string sub) => $$"""{"format":"iss_sub","iss":"{{iss}}","sub":"{{sub}}"}""";

    /// <summary>A SET envelope: <paramref name="extra"/> is inserted verbatim (e.g. <c>"sub":"x",</c>).</summary>
    public static string Payload(string iss, string aud, string eventType, string eventJson = "{}", string? subId = null, string? jti = null, string extra = "", long? iat = null) =>
        "{" + extra + "\"iss\":\"" + iss + "\",\"jti\":\"" + (jti ?? NewJti()) + "\",\"iat\":" + (iat ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()) +
        ",\"aud\":\"" + aud + "\"," + (subId is null ? "" : "\"sub_id\":" + subId + ",") + "\"events\":{\"" + eventType + "\":" + eventJson + "}}";

    /// <summary>A SET envelope with the given members (JSON text without the outer braces).</summary>
    public static string Object(string members) => "{" + members + "}";

}
