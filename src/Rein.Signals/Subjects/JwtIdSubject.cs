using System.Text.Json;

namespace Rein.Signals.Subjects;

/// <summary>SSF 1.0 §3.5.1: one JWT, named by its <c>iss</c> and <c>jti</c>.</summary>
public sealed record JwtIdSubject(string Issuer, string JwtId) : SubjectIdentifier
{
    public override string Format => SubjectFormats.JwtId;

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteString("iss", Issuer);
        writer.WriteString("jti", JwtId);
    }
}
