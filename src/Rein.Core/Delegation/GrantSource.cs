namespace Rein.Core.Delegation;

/// <summary>Where a grant comes from.</summary>
public enum GrantSource
{
    /// <summary>Declared under <c>grants:</c> in rein.yaml.</summary>
    Config,

    /// <summary>Created at run time through the admin API (stored).</summary>
    Api,
}
