using System.Text.Json;

namespace Rein.Broker.Delegation;

/// <summary>
/// RFC 8693 §4.4 <c>may_act</c>: the party the subject token says may act for its subject. Rein matches it against
/// the authenticated agent: by client id (with no <c>iss</c>, or Rein's own), or by one of the agent's workload
/// identities (<c>iss</c> and <c>sub</c> of a workload credential).
/// </summary>
internal sealed record MayAct(string? Issuer, string Subject)
{
    /// <summary>Reads the claim; false when it is present but not an object with a string <c>sub</c>.</summary>
    public static bool TryRead(JsonElement payload, out MayAct? mayAct)
    {
        mayAct = null;
        if (!payload.TryGetProperty("may_act", out var claim)) return true;
        if (claim.ValueKind != JsonValueKind.Object ||
            !claim.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String || sub.GetString() is not { Length: > 0 } subject)
        {
            return false;
        }
        string? issuer = null;
        if (claim.TryGetProperty("iss", out var iss))
        {
            if (iss.ValueKind != JsonValueKind.String) return false;
            issuer = iss.GetString();
        }
        mayAct = new MayAct(issuer, subject);
        return true;
    }

    /// <summary>Whether <paramref name="agent"/> is the party this claim names.</summary>
    public bool Allows(Rein.Core.Configuration.AgentConfig agent, string reinIssuer)
    {
        if ((Issuer is null || Issuer == reinIssuer) && Subject == agent.Id) return true;
        return Issuer is not null && agent.Credentials.OfType<Rein.Core.Configuration.WorkloadCredential>()
            .Any(w => w.Issuer == Issuer && w.Subject == Subject);
    }
}
