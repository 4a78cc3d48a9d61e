using System.Text.Json;

namespace Rein.Signals.Subjects;

/// <summary>
/// SSF 1.0 §3.3: one principal described by several simple subjects, each under a member name (<c>user</c>,
/// <c>device</c>, <c>session</c>, <c>application</c>, <c>tenant</c>, <c>org_unit</c>, <c>group</c> or another).
/// Members keep the order they were received in.
/// </summary>
public sealed record ComplexSubject(IReadOnlyList<KeyValuePair<string, SubjectIdentifier>> Members) : SubjectIdentifier
{
    public const string User = "user";
    public const string Device = "device";
    public const string Session = "session";
    public const string Application = "application";
    public const string Tenant = "tenant";
    public const string OrgUnit = "org_unit";
    public const string Group = "group";

    public override string Format => SubjectFormats.Complex;

    /// <summary>The member called <paramref name="name"/>, if present.</summary>
    public SubjectIdentifier? this[string name]
    {
        get
        {
            foreach (var member in Members)
            {
                if (string.Equals(member.Key, name, StringComparison.Ordinal)) return member.Value;
            }
            return null;
        }
    }

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        foreach (var member in Members)
        {
            writer.WritePropertyName(member.Key);
            member.Value.WriteTo(writer);
        }
    }

    public bool Equals(ComplexSubject? other) =>
        other is not null && Members.SequenceEqual(other.Members);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var member in Members) hash.Add(member);
        return hash.ToHashCode();
    }
}
