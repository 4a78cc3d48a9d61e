using System.Text.Json;

namespace Rein.Signals.Subjects;

/// <summary>
/// RFC 9493 §3.2.4: a subject named by an issuer and a subject identifier unique within it, as in a JWT's
/// <c>iss</c> and <c>sub</c>. Rein names its agents this way (<c>iss</c> Rein's issuer, <c>sub</c> the agent id).
/// </summary>
public sealed record IssuerSubjectSubject(string Issuer, string Subject) : SubjectIdentifier
{
    public override string Format => SubjectFormats.IssuerSubject;

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteString("iss", Issuer);
        writer.WriteString("sub", Subject);
    }
}
