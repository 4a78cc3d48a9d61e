using System.Text.Json;

namespace Rein.Signals.Subjects;

/// <summary>
/// A format agreed between the parties outside the registry (SSF 1.0 §3.4), such as <c>catalog_item</c>. Rein keeps
/// its members verbatim so it can pass the identifier on, but maps it to nothing.
/// </summary>
public sealed record ProprietarySubject : SubjectIdentifier
{
    private readonly string _format;

    /// <param name="format">The <c>format</c> value.</param>
    /// <param name="membersJson">The other members as a JSON object's text, <c>format</c> left out.</param>
    public ProprietarySubject(string format, string membersJson)
    {
        _format = format;
        MembersJson = membersJson;
    }

    public override string Format => _format;

    /// <summary>The members other than <c>format</c>, as a JSON object's text.</summary>
    public string MembersJson { get; }

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        using var members = JsonDocument.Parse(MembersJson);
        foreach (var member in members.RootElement.EnumerateObject()) member.WriteTo(writer);
    }
}
