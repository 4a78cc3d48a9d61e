namespace Rein.Core.Configuration;

/// <summary>The names of <see cref="AnomalyKind"/> values in <c>rein.yaml</c>, the audit trail and SETs.</summary>
public static class AnomalyKinds
{
    public static readonly IReadOnlyList<string> Names = ["burst", "denials", "token_reuse", "new_address"];

    public static string Name(AnomalyKind kind) => Names[(int)kind];

    public static bool TryParse(string? name, out AnomalyKind kind)
    {
        var index = name is null ? -1 : Names.ToList().IndexOf(name);
        kind = index < 0 ? default : (AnomalyKind)index;
        return index >= 0;
    }
}
