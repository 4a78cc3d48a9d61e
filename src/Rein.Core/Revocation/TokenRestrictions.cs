namespace Rein.Core.Revocation;

/// <summary>
/// What restriction entries (signals) say about one live token, over all its subjects: the gateway refuses
/// high-risk actions under any of them and feeds them to policies as <c>assurance</c>, <c>device_compliant</c> and
/// <c>risk_level</c>.
/// </summary>
public readonly record struct TokenRestrictions(bool AssuranceReduced, bool DeviceNotCompliant, bool HighRisk, bool ReadOnly)
{
    public bool Any => AssuranceReduced || DeviceNotCompliant || HighRisk || ReadOnly;

    public TokenRestrictions With(RevocationEffect effect) => effect switch
    {
        RevocationEffect.StepUp => this with { AssuranceReduced = true },
        RevocationEffect.DeviceNotCompliant => this with { DeviceNotCompliant = true },
        RevocationEffect.HighRisk => this with { HighRisk = true },
        RevocationEffect.ReadOnly => this with { ReadOnly = true },
        _ => this,
    };
}
