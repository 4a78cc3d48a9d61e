using System.Text.Json;

namespace Rein.Signals.Subjects;

/// <summary>RFC 9493 §3.2.8: a subject named by an absolute URI (RFC 3986).</summary>
public sealed record UriSubject(string Uri) : SubjectIdentifier
{
    public override string Format => SubjectFormats.Uri;

    protected override void WriteMembers(Utf8JsonWriter writer) => writer.WriteString("uri", Uri);
}
