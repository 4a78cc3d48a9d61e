using System.Text.Json;

namespace Rein.Signals.Subjects;

/// <summary>RFC 9493 §3.2.7: a decentralized identifier, as a DID URL in the <c>url</c> member.</summary>
public sealed record DecentralizedIdSubject(string Url) : SubjectIdentifier
{
    public override string Format => SubjectFormats.DecentralizedId;

    protected override void WriteMembers(Utf8JsonWriter writer) => writer.WriteString("url", Url);
}
