using System.Text.Json;

namespace Rein.Signals.Subjects;

/// <summary>
/// RFC 9493 §3.2.5: an identifier meaningful only to the parties that share it. Rein names its agent sessions
/// (<c>sid</c>) and SSF names streams this way.
/// </summary>
public sealed record OpaqueSubject(string Id) : SubjectIdentifier
{
    public override string Format => SubjectFormats.Opaque;

    protected override void WriteMembers(Utf8JsonWriter writer) => writer.WriteString("id", Id);
}
