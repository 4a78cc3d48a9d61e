using Rein.Policy;

namespace Rein.Benchmarks;

/// <summary>An answer as both engines can be compared on: the decision and the sorted policy id sets.</summary>
internal sealed record PolicyAnswer(bool Allowed, IReadOnlyList<string> Reason, IReadOnlyList<string> Errors)
{
    public static PolicyAnswer Of(AuthorizationResponse response) => new(
        response.IsAllowed,
        [.. response.Reason.Order(StringComparer.Ordinal)],
        [.. response.Errors.Select(e => e.PolicyId).Distinct().Order(StringComparer.Ordinal)]);

    public bool SameAs(PolicyAnswer other) =>
        Allowed == other.Allowed && Reason.SequenceEqual(other.Reason) && Errors.SequenceEqual(other.Errors);

    public override string ToString() =>
        $"{(Allowed ? "allow" : "deny")} reason [{string.Join(", ", Reason)}] errors [{string.Join(", ", Errors)}]";
}
