namespace Rein.Policy;

/// <summary>A policy's effect.</summary>
public enum Effect
{
    /// <summary>The policy permits when it applies.</summary>
    Permit,
    /// <summary>The policy forbids when it applies.</summary>
    Forbid,
}
