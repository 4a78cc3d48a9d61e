namespace Rein.Policy;

/// <summary>The outcome of an authorization request.</summary>
public enum Decision
{
    /// <summary>Denied: no permit applied, or a forbid did.</summary>
    Deny = 0,
    /// <summary>Allowed: some permit applied and no forbid did.</summary>
    Allow = 1,
}
