namespace Rein.Core.Configuration;

/// <summary>What the gateway's anomaly source can find. The yaml names are in <see cref="AnomalyKinds"/>.</summary>
public enum AnomalyKind
{
    /// <summary>More calls than <see cref="AnomalyConfig.Burst"/> allows.</summary>
    Burst,

    /// <summary>More scope or policy refusals than <see cref="AnomalyConfig.Denials"/> allows.</summary>
    Denials,

    /// <summary>A token presented with another key than the one it is bound to, or without its proof.</summary>
    TokenReuse,

    /// <summary>A token used from a second client address.</summary>
    NewAddress,
}
