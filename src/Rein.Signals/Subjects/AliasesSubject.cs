using System.Text.Json;

namespace Rein.Signals.Subjects;

/// <summary>
/// RFC 9493 §3.2.2: several identifiers of one subject. None of them is itself <c>aliases</c> (nor, in Rein,
/// <c>complex</c>: a complex subject is a principal, not another name for one).
/// </summary>
public sealed record AliasesSubject(IReadOnlyList<SubjectIdentifier> Identifiers) : SubjectIdentifier
{
    public override string Format => SubjectFormats.Aliases;

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("identifiers");
        foreach (var identifier in Identifiers) identifier.WriteTo(writer);
        writer.WriteEndArray();
    }

    public bool Equals(AliasesSubject? other) =>
        other is not null && Identifiers.SequenceEqual(other.Identifiers);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var identifier in Identifiers) hash.Add(identifier);
        return hash.ToHashCode();
    }
}
