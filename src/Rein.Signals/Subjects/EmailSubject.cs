using System.Text.Json;

namespace Rein.Signals.Subjects;

/// <summary>RFC 9493 §3.2.3: an email address (RFC 5322 <c>addr-spec</c>).</summary>
public sealed record EmailSubject(string Email) : SubjectIdentifier
{
    public override string Format => SubjectFormats.Email;

    protected override void WriteMembers(Utf8JsonWriter writer) => writer.WriteString("email", Email);
}
