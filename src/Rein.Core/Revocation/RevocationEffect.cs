namespace Rein.Core.Revocation;

/// <summary>
/// What a suspended entry does to the tokens it covers. Tokens issued at or before <see cref="RevocationEntry.RevokedBefore"/>
/// are always dead; the effect says what happens to the others while the entry is suspended: <see cref="Deny"/> refuses
/// them all, the rest restrict them (signals: CAEP assurance, device compliance, risk). Values are persisted: never renumber.
/// </summary>
public enum RevocationEffect
{
    /// <summary>Refused outright.</summary>
    Deny = 0,

    /// <summary>Assurance dropped: high-risk actions need a fresh, stronger authentication (policy context <c>assurance: reduced</c>).</summary>
    StepUp = 1,

    /// <summary>Only safe (read) methods are allowed.</summary>
    ReadOnly = 2,

    /// <summary>The device is not compliant: high-risk actions refused (policy context <c>device_compliant: false</c>).</summary>
    DeviceNotCompliant = 3,

    /// <summary>Risk is high: high-risk actions refused (policy context <c>risk_level: high</c>).</summary>
    HighRisk = 4,
}
