namespace Rein.Core.Policies;

/// <summary>
/// What a decision knows beyond who, what and where: the request's <c>context</c> in Cedar. Signals feed assurance,
/// device compliance and risk; delegation and approval come with delegated tokens.
/// </summary>
public sealed record PolicyContext
{
    /// <summary><c>issuance</c> at the broker, <c>call</c> at the gateway.</summary>
    public required string Stage { get; init; }

    public required DateTimeOffset Time { get; init; }

    public System.Net.IPAddress? ClientIp { get; init; }

    /// <summary><c>normal</c>, or <c>reduced</c> after an assurance-level decrease.</summary>
    public string Assurance { get; init; } = "normal";

    public bool DeviceCompliant { get; init; } = true;

    /// <summary><c>low</c>, <c>medium</c> or <c>high</c>, from risk signals.</summary>
    public string RiskLevel { get; init; } = "low";

    /// <summary>Whether the token acts for a person (it has an <c>act</c> chain).</summary>
    public bool Delegated { get; init; }

    /// <summary>
    /// The person a delegated (or impersonating) token acts for, as <c>DelegatedUser.Key</c> names them
    /// (<c>ISS|SUB</c>): <c>context.user</c>, a <c>Rein::User</c> entity. Null for an agent acting for itself.
    /// </summary>
    public string? User { get; init; }

    /// <summary>
    /// The groups of <see cref="User"/> as their issuer names them (the token's <c>groups</c>): the person's
    /// <c>Rein::User</c> is a member of <c>Rein::Group::"ISS|GROUP"</c> for each. Empty when there are none.
    /// </summary>
    public IReadOnlyList<string> UserGroups { get; init; } = [];

    /// <summary>Whether a human approved this action.</summary>
    public bool Approval { get; init; }

    /// <summary>The transaction id at the gateway, when one is minted.</summary>
    public string? Transaction { get; init; }

    /// <summary>
    /// This context as signals leave it: <c>assurance</c> <c>reduced</c>, <c>device_compliant</c> false and
    /// <c>risk_level</c> <c>high</c> for the restrictions in force (a restriction only ever tightens).
    /// </summary>
    public PolicyContext WithSignals(Revocation.TokenRestrictions restrictions) => !restrictions.Any ? this : this with
    {
        Assurance = restrictions.AssuranceReduced ? "reduced" : Assurance,
        DeviceCompliant = DeviceCompliant && !restrictions.DeviceNotCompliant,
        RiskLevel = restrictions.HighRisk ? "high" : RiskLevel,
    };
}
