namespace Rein.Policy;

/// <summary>How <see cref="PolicySet.Parse(string, PolicyIdMode)"/> names policies.</summary>
public enum PolicyIdMode
{
    /// <summary>A policy's <c>@id("...")</c> annotation, else <c>policyN</c> by position (0-based, in file order).</summary>
    Annotation,
    /// <summary>Always <c>policyN</c> by position, as Cedar's own tools and the conformance tests do.</summary>
    Position,
}
