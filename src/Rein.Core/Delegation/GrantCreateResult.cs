namespace Rein.Core.Delegation;

/// <summary>What creating a grant did: the grant, or every reason it was refused.</summary>
public sealed record GrantCreateResult(DelegationGrant? Grant, IReadOnlyList<string> Errors, bool Conflict)
{
    public bool Succeeded => Grant is not null;
}
