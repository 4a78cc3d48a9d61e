using System.Text.Json;

namespace Rein.Signals.Subjects;

/// <summary>SSF 1.0 §3.5.2: one SAML 2.0 assertion, named by its issuer and <c>ID</c>.</summary>
public sealed record SamlAssertionIdSubject(string Issuer, string AssertionId) : SubjectIdentifier
{
    public override string Format => SubjectFormats.SamlAssertionId;

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteString("issuer", Issuer);
        writer.WriteString("assertion_id", AssertionId);
    }
}
