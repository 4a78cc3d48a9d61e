using Rein.Core.Configuration;

namespace Rein.Broker.Tokens;

/// <summary>The longest access token each risk tier allows (DESIGN §3).</summary>
internal static class RiskCaps
{
    public static TimeSpan MaxLifetime(RiskTier risk) => risk switch
    {
        RiskTier.Low => TimeSpan.FromMinutes(15),
        RiskTier.Medium => TimeSpan.FromMinutes(10),
        RiskTier.High => TimeSpan.FromMinutes(5),
        _ => TimeSpan.FromMinutes(2),
    };
}
