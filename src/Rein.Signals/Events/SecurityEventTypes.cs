namespace Rein.Signals.Events;

/// <summary>
/// The event type URIs Rein receives and emits: SSF 1.0 §8.1.4/§8.1.5 (stream control), CAEP 1.0 §3 and RISC 1.0 §2.
/// Every SET names exactly one of them as the single member of its <c>events</c> claim.
/// </summary>
public static class SecurityEventTypes
{
    private const string Ssf = "https://schemas.openid.net/secevent/ssf/event-type/";
    private const string Caep = "https://schemas.openid.net/secevent/caep/event-type/";
    private const string Risc = "https://schemas.openid.net/secevent/risc/event-type/";

    /// <summary>The <c>typ</c> header of a Security Event Token (RFC 8417 §2.3).</summary>
    public const string TokenType = "secevent+jwt";

    public const string Verification = Ssf + "verification";
    public const string StreamUpdated = Ssf + "stream-updated";

    public const string SessionRevoked = Caep + "session-revoked";
    public const string TokenClaimsChange = Caep + "token-claims-change";
    public const string CredentialChange = Caep + "credential-change";
    public const string AssuranceLevelChange = Caep + "assurance-level-change";
    public const string DeviceComplianceChange = Caep + "device-compliance-change";
    public const string SessionEstablished = Caep + "session-established";
    public const string SessionPresented = Caep + "session-presented";
    public const string RiskLevelChange = Caep + "risk-level-change";

    public const string AccountCredentialChangeRequired = Risc + "account-credential-change-required";
    public const string AccountPurged = Risc + "account-purged";
    public const string AccountDisabled = Risc + "account-disabled";
    public const string AccountEnabled = Risc + "account-enabled";
    public const string IdentifierChanged = Risc + "identifier-changed";
    public const string IdentifierRecycled = Risc + "identifier-recycled";
    public const string CredentialCompromise = Risc + "credential-compromise";
    public const string OptIn = Risc + "opt-in";
    public const string OptOutInitiated = Risc + "opt-out-initiated";
    public const string OptOutCancelled = Risc + "opt-out-cancelled";
    public const string OptOutEffective = Risc + "opt-out-effective";
    public const string RecoveryActivated = Risc + "recovery-activated";
    public const string RecoveryInformationChanged = Risc + "recovery-information-changed";
    public const string SessionsRevoked = Risc + "sessions-revoked";
}
