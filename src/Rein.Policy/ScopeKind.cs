namespace Rein.Policy;

/// <summary>How a policy's scope constrains the principal, action or resource.</summary>
public enum ScopeKind
{
    /// <summary>No constraint.</summary>
    Any,
    /// <summary><c>== E</c>.</summary>
    Equal,
    /// <summary><c>in E</c> (for the action also <c>in [E1, E2]</c>).</summary>
    In,
    /// <summary><c>is T</c>.</summary>
    Is,
    /// <summary><c>is T in E</c>.</summary>
    IsIn,
}
