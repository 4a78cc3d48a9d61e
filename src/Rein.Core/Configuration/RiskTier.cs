namespace Rein.Core.Configuration;

/// <summary>
/// How much damage a tool or action can do. The tier caps token lifetimes and decides which relaxations
/// (such as bearer tokens) a tool may opt into. Written in <c>rein.yaml</c> as <c>low</c>, <c>medium</c>,
/// <c>high</c> or <c>critical</c>.
/// </summary>
public enum RiskTier
{
    /// <summary>Read-only or otherwise harmless operations (<c>low</c>).</summary>
    Low,

    /// <summary>The default tier (<c>medium</c>).</summary>
    Medium,

    /// <summary>Operations that change important state (<c>high</c>).</summary>
    High,

    /// <summary>Operations whose misuse is severe or irreversible (<c>critical</c>).</summary>
    Critical,
}
